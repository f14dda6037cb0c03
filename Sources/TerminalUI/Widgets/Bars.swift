/// The header bar: a title and context on the left, information on the right, one row.
public struct HeaderBar: Sendable {
    /// Left-aligned segments, separated by the glyph set's separator.
    public var segments: [String]
    /// Right-aligned text (connection state, clock); dropped first when space runs out.
    public var trailing: String

    public init(segments: [String], trailing: String = "") {
        self.segments = segments
        self.trailing = trailing
    }

    public func draw(into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        guard !rect.isEmpty else { return }
        let row = Rect(x: rect.x, y: rect.y, width: rect.width, height: 1)
        grid.fill(row, role: .header)
        let left = " " + segments.joined(separator: " \(glyphs.separator) ")
        let used = grid.put(left.truncated(toWidth: rect.width, ellipsis: glyphs.ellipsis), at: rect.x, rect.y, role: .header)
        let right = trailing.isEmpty ? "" : trailing + " "
        if !right.isEmpty, used + 2 + right.displayWidth <= rect.width {
            grid.put(right, at: rect.maxX - right.displayWidth, rect.y, role: .header)
        }
    }
}

/// The footer: the keys that work now, `key description` pairs, as many as fit.
public struct FooterBar: Sendable, Equatable {
    public var hints: [KeyHint]

    public init(hints: [KeyHint]) {
        self.hints = hints
    }

    public func draw(into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        guard !rect.isEmpty else { return }
        grid.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1))
        var x = rect.x + 1
        for hint in hints {
            let width = hint.key.displayWidth + 1 + hint.description.displayWidth
            guard x + width <= rect.maxX else { break }
            x += grid.put(hint.key, at: x, rect.y, role: .keyHint)
            x += 1
            x += grid.put(hint.description, at: x, rect.y, role: .dim)
            x += 2
        }
    }
}

/// The status line: one message (a flash, an error, a filter in progress) in its role.
public struct StatusLine: Sendable, Equatable {
    public var message: String
    public var role: Role
    /// How many characters the message starts with that are drawn in `prefixRole` (a cluster's
    /// name in its colour); 0: none.
    public var prefixLength: Int
    public var prefixRole: Role?

    public init(_ message: String, role: Role = .info, prefixLength: Int = 0, prefixRole: Role? = nil) {
        self.message = message
        self.role = role
        self.prefixLength = prefixLength
        self.prefixRole = prefixRole
    }

    public func draw(into grid: inout Grid, in rect: Rect, glyphs: Glyphs) {
        guard !rect.isEmpty else { return }
        grid.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1))
        let text = (message.split(separator: "\n").first.map(String.init) ?? "")
            .truncated(toWidth: rect.width - 1, ellipsis: glyphs.ellipsis)
        guard let prefixRole, prefixLength > 0 else {
            grid.put(text, at: rect.x + 1, rect.y, role: role)
            return
        }
        let prefix = String(text.prefix(prefixLength))
        let x = rect.x + 1 + grid.put(prefix, at: rect.x + 1, rect.y, role: prefixRole)
        grid.put(String(text.dropFirst(prefixLength)), at: x, rect.y, role: role)
    }
}
