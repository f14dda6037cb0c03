import Foundation
import JSONValue
import KubeModel

/// A pod template as YAML-like lines for the revision diff: the fields an operator reads first
/// in a fixed order (a container's name, image, command, args, env, resources, probes, mounts;
/// the pod's containers, init containers, volumes), every other field after them by name, so
/// that two revisions line up whatever order their objects were written in.
///
/// Noise is left out: the `rollouts-pod-template-hash` and `pod-template-hash` labels (each
/// revision has its own, by definition) and `metadata.creationTimestamp` (always null in a
/// template). `kubectl.kubernetes.io/restartedAt` is kept: a restart is what made that revision.
/// Text from the object is made terminal-safe.
public enum PodTemplateText {
    /// The labels every revision carries with its own value.
    public static let noiseLabels: Set<String> = ["rollouts-pod-template-hash", "pod-template-hash"]

    /// The keys written first, in this order, under a parent key (`name` under any other, so a
    /// list item starts with what names it); the rest follow by name.
    static let firstKeys: [String: [String]] = [
        "": ["metadata", "spec"],
        "metadata": ["labels", "annotations"],
        "spec": ["containers", "initContainers", "volumes", "serviceAccountName"],
        "containers": container, "initContainers": container, "ephemeralContainers": container,
    ]
    private static let container = ["name", "image", "command", "args", "env", "envFrom", "ports", "resources",
                                     "livenessProbe", "readinessProbe", "startupProbe", "volumeMounts"]

    /// The lines of `template` (its verbatim JSON); `relabel` maps a label value to the one
    /// compared (Flagger's primary renames `app: NAME` to `app: NAME-primary`).
    public static func lines(_ template: JSON, relabel: [String: String] = [:]) -> [String] {
        var out: [String] = []
        write(clean(template, relabel: relabel), key: "", indent: "", into: &out)
        return out
    }

    /// The template without its noise.
    static func clean(_ template: JSON, relabel: [String: String]) -> JSON {
        guard case var .object(root) = template else { return template }
        if case var .object(meta)? = root["metadata"] {
            meta["creationTimestamp"] = nil
            if case let .object(labels)? = meta["labels"] {
                let kept = labels.members.filter { !noiseLabels.contains($0.key) }.map { member -> (String, JSON) in
                    if case let .string(value) = member.value, let renamed = relabel[value] { return (member.key, .string(renamed)) }
                    return (member.key, member.value)
                }
                meta["labels"] = kept.isEmpty ? nil : .object(JSONObject(kept))
            }
            root["metadata"] = meta.count == 0 ? nil : .object(meta)
        }
        return .object(root)
    }

    /// The members of `object` under `parent`: the known keys first, then the rest by name.
    static func ordered(_ object: JSONObject, under parent: String) -> [(key: String, value: JSON)] {
        let first = firstKeys[parent] ?? ["name"]
        let rank = Dictionary(first.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        return object.members.sorted { a, b in
            switch (rank[a.key], rank[b.key]) {
            case let (x?, y?): x < y
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): a.key < b.key
            }
        }
    }

    private static func write(_ value: JSON, key: String, indent: String, into out: inout [String]) {
        switch value {
        case let .object(object):
            for member in ordered(object, under: key) { writeMember(member.key, member.value, key: member.key, indent: indent, into: &out) }
        case let .array(items):
            for item in items { writeItem(item, key: key, indent: indent, into: &out) }
        default:
            out.append(indent + scalar(value))
        }
    }

    private static func writeMember(_ name: String, _ value: JSON, key: String, indent: String, into out: inout [String]) {
        let label = indent + safeKey(name) + ":"
        switch value {
        case let .object(object) where object.count > 0:
            out.append(label)
            write(value, key: key, indent: indent + "  ", into: &out)
        case let .array(items) where !items.isEmpty:
            out.append(label)
            write(value, key: key, indent: indent, into: &out)
        case .object: out.append(label + " {}")
        case .array: out.append(label + " []")
        default: out.append(label + " " + scalar(value))
        }
    }

    /// One list item: `- ` before its first line, its other lines two columns further in.
    private static func writeItem(_ item: JSON, key: String, indent: String, into out: inout [String]) {
        var lines: [String] = []
        switch item {
        case let .object(object) where object.count > 0:
            write(item, key: key, indent: "", into: &lines)
        case let .array(items) where !items.isEmpty:
            write(item, key: key, indent: "", into: &lines)
        default:
            lines = [scalar(item)]
        }
        for (i, line) in lines.enumerated() { out.append(indent + (i == 0 ? "- " : "  ") + line) }
    }

    private static func safeKey(_ key: String) -> String {
        plain(key) ? TerminalSafe.text(key) : quoted(key)
    }

    /// A scalar as YAML writes it: plain when it reads back as the same string, quoted otherwise.
    static func scalar(_ value: JSON) -> String {
        switch value {
        case .null: "null"
        case let .bool(b): b ? "true" : "false"
        case let .int(i): "\(i)"
        case let .double(d): d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)"
        case let .string(s): plain(s) ? TerminalSafe.text(s) : quoted(s)
        case .object: "{}"
        case .array: "[]"
        }
    }

    private static func quoted(_ text: String) -> String {
        let encoded = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes]))
            .map { String(decoding: $0, as: UTF8.self).dropFirst().dropLast() }
        return TerminalSafe.text(encoded.map(String.init) ?? "\"\(text)\"")
    }

    /// Whether `text` can be written unquoted: not empty, no surrounding space, nothing YAML
    /// would read as another type or as syntax.
    private static func plain(_ text: String) -> Bool {
        guard let first = text.first, let last = text.last, first != " ", last != " " else { return false }
        if ",[]{}#&*!|>'\"%@`".contains(first) { return false }
        // `-`, `?` and `:` start YAML syntax only alone or before a space (`--port` is plain).
        if "-?:".contains(first), text.count == 1 || text.dropFirst().first == " " { return false }
        if text.contains(": ") || text.contains(" #") || text.contains(where: \.isNewline) { return false }
        if text.unicodeScalars.contains(where: TerminalSafe.isUnsafe) { return false }
        let lower = text.lowercased()
        if ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"].contains(lower) { return false }
        if Double(text) != nil || Int(text) != nil { return false }
        return true
    }
}
