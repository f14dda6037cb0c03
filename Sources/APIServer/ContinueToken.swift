import Crypto
import Foundation
import JSONValue
import KubeModel

/// The opaque `continue` token: which list snapshot, from which offset, at which
/// resourceVersion, signed with HMAC-SHA256 under the store's key over the payload and the list
/// it belongs to (resource, namespace, selectors). A token that was altered, forged, or replayed
/// on another list fails the check and is a 400, as kube-apiserver answers a bad continue token.
///
/// Text: `base64url(payload JSON) "." base64url(MAC)`.
struct ContinueToken: Equatable {
    var snapshot: Int
    var offset: Int
    var resourceVersion: UInt64

    init(snapshot: Int, offset: Int, resourceVersion: UInt64) {
        self.snapshot = snapshot
        self.offset = offset
        self.resourceVersion = resourceVersion
    }

    /// Reads and checks a token sent for the list `binding` names.
    init(_ text: String, key: SymmetricKey, binding: String) throws(APIStatus) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = Self.decode(parts[0]), let mac = Self.decode(parts[1]) else {
            throw Self.invalid("illegal base64 data")
        }
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Self.signed(payload, binding), using: key) else {
            throw Self.invalid("it was not issued by this server for this list")
        }
        guard let json = try? JSON(parsing: payload), let s = json["s"]?.intValue, let o = json["o"]?.intValue,
              let rv = json["rv"]?.intValue, s > 0, o >= 0, rv >= 0 else {
            throw Self.invalid("incorrect encoded start resourceVersion (version rollscope.continue/2)")
        }
        snapshot = Int(s)
        offset = Int(o)
        resourceVersion = UInt64(rv)
    }

    /// The token's text for the list `binding` names.
    func text(key: SymmetricKey, binding: String) -> String {
        let payload: JSON = ["v": "rollscope.continue/2", "rv": .int(Int64(clamping: resourceVersion)),
                             "s": .int(Int64(snapshot)), "o": .int(Int64(offset))]
        let bytes = payload.serialized()
        let mac = HMAC<SHA256>.authenticationCode(for: Self.signed(bytes, binding), using: key)
        return Self.encode(Data(bytes)) + "." + Self.encode(Data(mac))
    }

    /// What a token is bound to: the resource, the namespace and the selectors, in a canonical form.
    static func binding(_ r: ResourceType, namespace: String?, labelSelector: LabelSelector?, fieldSelector: FieldSelector?) -> String {
        let parts: [JSON] = [.string("\(r.plural).\(r.group)"), namespace.map { .string($0) } ?? .null,
                             .string(labelSelector?.canonical ?? ""), .string(fieldSelector?.canonical ?? "")]
        return String(decoding: JSON.array(parts).serialized(), as: UTF8.self)
    }

    static func invalid(_ why: String) -> APIStatus { APIErrors.badRequest("continue key is not valid: \(why)") }

    private static func signed(_ payload: [UInt8], _ binding: String) -> [UInt8] {
        payload + [0] + Array(binding.utf8)
    }

    private static func signed(_ payload: Data, _ binding: String) -> [UInt8] { signed(Array(payload), binding) }

    private static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func decode(_ text: Substring) -> Data? {
        guard text.count <= 4096 else { return nil }
        var b64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        return Data(base64Encoded: b64)
    }
}
