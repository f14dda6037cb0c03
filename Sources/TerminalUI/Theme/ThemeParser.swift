import Yams

/// Reads a theme from YAML text.
///
/// ```yaml
/// name: default
/// colors256:                 # 256-colour terminals
///   selected: { fg: 231, bg: 25, attrs: [bold] }
/// colors8:                   # 8-colour terminals: names or 0-7
///   selected: { fg: black, bg: cyan }
/// none:                      # no colour (NO_COLOR, --no-color, monochrome): attrs only
///   selected: { attrs: [reverse, bold] }
/// ```
/// Colours are `default` (the terminal's own, transparent), an ANSI name (`red`,
/// `brightBlue`) or an index; attributes are `bold`, `dim`, `reverse`, `underline`,
/// `italic`, `blink`. Unknown sections, roles or keys are errors, so a typo is reported
/// rather than silently ignored. YAML anchors work (`colors8: *mono`).
public enum ThemeParser {
    private static let sections: [(String, ColorCapability)] = [("colors256", .colors256), ("colors8", .colors8), ("none", .none)]

    /// Parses `yaml` read from `file` (named in errors); `defaultName` when it has no `name:`.
    public static func parse(_ yaml: String, file: String, defaultName: String) throws(ThemeError) -> Theme {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw ThemeError(file: file, line: line(of: error), key: nil, message: "not valid YAML: \(problem(of: error))")
        } catch {
            throw ThemeError(file: file, line: nil, key: nil, message: "not valid YAML: \(error)")
        }
        guard let root, let mapping = root.mapping else {
            throw ThemeError(file: file, line: root?.mark?.line, key: nil, message: "expected a mapping with name, colors256, colors8 and none")
        }
        var theme = Theme(name: defaultName, styles: [:])
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            if key == "name" {
                guard let name = value.string, !name.isEmpty else {
                    throw ThemeError(file: file, line: value.mark?.line, key: key, message: "expected a non-empty name")
                }
                theme.name = name
            } else if let section = sections.first(where: { $0.0 == key }) {
                theme.styles[section.1] = try parseSection(value, key: key, capability: section.1, file: file)
            } else {
                throw ThemeError(file: file, line: keyNode.mark?.line, key: key,
                                 message: "unknown section (expected name, colors256, colors8 or none)")
            }
        }
        return theme
    }

    private static func parseSection(_ node: Node, key: String, capability: ColorCapability, file: String) throws(ThemeError) -> [Role: Style] {
        guard let mapping = node.mapping else {
            throw ThemeError(file: file, line: node.mark?.line, key: key, message: "expected a mapping of roles to styles")
        }
        var styles: [Role: Style] = [:]
        for (roleNode, value) in mapping {
            let roleName = roleNode.string ?? ""
            let path = "\(key).\(roleName)"
            guard let role = Role(rawValue: roleName) else {
                let known = Role.allCases.map(\.rawValue).joined(separator: ", ")
                throw ThemeError(file: file, line: roleNode.mark?.line, key: path, message: "unknown role (known roles: \(known))")
            }
            styles[role] = try parseStyle(value, key: path, capability: capability, file: file)
        }
        return styles
    }

    private static func parseStyle(_ node: Node, key: String, capability: ColorCapability, file: String) throws(ThemeError) -> Style {
        guard let mapping = node.mapping else {
            throw ThemeError(file: file, line: node.mark?.line, key: key, message: "expected a mapping with fg, bg and attrs")
        }
        var style = Style()
        for (fieldNode, value) in mapping {
            let field = fieldNode.string ?? ""
            let path = "\(key).\(field)"
            switch field {
            case "fg", "bg":
                if capability == .none {
                    throw ThemeError(file: file, line: fieldNode.mark?.line, key: path, message: "the none section takes attrs only")
                }
                let text = value.string ?? ""
                guard let color = Color(parsing: text) else {
                    throw ThemeError(file: file, line: value.mark?.line, key: path,
                                     message: "unknown colour '\(text)' (expected default, an ANSI name such as red or brightBlue, or 0-255)")
                }
                if capability == .colors8, case .index(let n) = color, n > 7 {
                    throw ThemeError(file: file, line: value.mark?.line, key: path, message: "colour \(text) is not one of the 8 colours (0-7)")
                }
                if field == "fg" { style.foreground = color } else { style.background = color }
            case "attrs":
                style.attributes = try parseAttributes(value, key: path, file: file)
            default:
                throw ThemeError(file: file, line: fieldNode.mark?.line, key: path, message: "unknown key (expected fg, bg or attrs)")
            }
        }
        return style
    }

    private static func parseAttributes(_ node: Node, key: String, file: String) throws(ThemeError) -> Attributes {
        let items: [Node]
        if let sequence = node.sequence { items = Array(sequence) } else { items = [node] }
        var attributes: Attributes = []
        for item in items {
            let word = item.string ?? ""
            guard let attribute = Attributes.named.first(where: { $0.0 == word })?.1 else {
                let known = Attributes.named.map(\.0).joined(separator: ", ")
                throw ThemeError(file: file, line: item.mark?.line, key: key, message: "unknown attribute '\(word)' (expected \(known))")
            }
            attributes.insert(attribute)
        }
        return attributes
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
        default: return "\(error)"
        }
    }
}
