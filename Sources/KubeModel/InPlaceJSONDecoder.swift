import Foundation

/// The kind of a JSON value, as its first byte tells it.
public enum JSONKind: Sendable {
    case object, array, string, number, bool, null
}

/// A `Decoder` that reads JSON text in place and can say what kind of value it stands on and
/// hand over the value's text. Types holding arbitrary JSON use it to skip Codable's trial and
/// error: `AnyJSON` decodes by kind instead of trying each container in turn (every failed try
/// builds a `DecodingError` with its coding path), and a pod template keeps its text rather
/// than a tree. Both dominated the cost of decoding a large list of Rollouts.
public protocol InPlaceJSONDecoder: Decoder {
    var jsonKind: JSONKind { get }
    /// The value's JSON text, exactly as received.
    func jsonText() throws -> Data
}
