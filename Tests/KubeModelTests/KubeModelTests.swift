import Foundation
import Testing
@testable import KubeModel

@Suite struct KubeTimeTests {
    @Test func parsesAndFormatsRFC3339() throws {
        let t = try #require(KubeTime(rfc3339: "2019-10-25T21:34:18Z"))
        #expect(t.date.timeIntervalSince1970 == 1_572_039_258)
        #expect(t.rfc3339 == "2019-10-25T21:34:18Z")
    }

    /// Whole seconds in UTC, zero-padded, a fraction dropped (rounded down, before 1970 too);
    /// the first and last years RFC 3339 allows; past them, as `%04d` writes the year.
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"), (1_572_039_258.75, "2019-10-25T21:34:18Z"), (-0.5, "1969-12-31T23:59:59Z"),
        (951_868_799, "2000-02-29T23:59:59Z"), (1_709_251_199, "2024-02-29T23:59:59Z"), (1_796_601_599, "2026-12-06T23:59:59Z"),
        (-62_135_596_800, "0001-01-01T00:00:00Z"), (253_402_300_799, "9999-12-31T23:59:59Z"), (253_402_300_800, "10000-01-01T00:00:00Z"),
    ])
    func formatsWholeSecondsInUTC(_ seconds: Double, _ text: String) {
        #expect(KubeTime.format(Date(timeIntervalSince1970: seconds)) == text)
    }

    @Test func parsesFractionsAndOffsets() throws {
        let micro = try #require(KubeTime(rfc3339: "2019-10-25T21:34:18.250000Z"))
        #expect(micro.date.timeIntervalSince1970 == 1_572_039_258.25)
        let offset = try #require(KubeTime(rfc3339: "2019-10-25T23:34:18+02:00"))
        #expect(offset.date.timeIntervalSince1970 == 1_572_039_258)
    }

    @Test(arguments: ["", "2019-10-25", "2019-10-25T21:34:18", "2019-13-25T21:34:18Zjunk", "abcd-10-25T21:34:18Z"])
    func rejectsMalformed(_ text: String) {
        #expect(KubeTime(rfc3339: text) == nil)
    }

    struct Stamped: Decodable { var t: KubeTime }

    /// Decoded from its text (RFC 3339), else from a `Date` the decoder gives (a number here, as
    /// Foundation's default date strategy reads one); text that is neither, or null, is an error.
    @Test func decodesItsTextOrADate() throws {
        func decode(_ json: String) throws -> KubeTime { try JSONDecoder().decode(Stamped.self, from: Data(json.utf8)).t }
        #expect(try decode(#"{"t":"2019-10-25T21:34:18.5Z"}"#).date.timeIntervalSince1970 == 1_572_039_258.5)
        #expect(try decode(#"{"t":12.5}"#).date == Date(timeIntervalSinceReferenceDate: 12.5))
        do {
            _ = try decode(#"{"t":"2019-10-25"}"#)
            Issue.record("a date without a time decoded")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.debugDescription == "not an RFC 3339 time: 2019-10-25")
        }
        #expect { try decode(#"{"t":null}"#) } throws: { error in
            if case DecodingError.valueNotFound = error { return true }
            return false
        }
    }

    @Test func decodesObjectMetaWithMissingFields() throws {
        let json = #"{"name":"a","creationTimestamp":"2020-01-01T00:00:00Z","extra":{"x":1}}"#
        let meta = try JSONDecoder().decode(ObjectMeta.self, from: Data(json.utf8))
        #expect(meta.name == "a")
        #expect(meta.namespace == nil)
        #expect(meta.creationTimestamp?.rfc3339 == "2020-01-01T00:00:00Z")
        #expect(meta.key == "a")
    }
}

@Suite struct ResourceTypeTests {
    @Test func buildsPaths() {
        #expect(ResourceType.rollouts.path(namespace: "ns") == "/apis/argoproj.io/v1alpha1/namespaces/ns/rollouts")
        #expect(ResourceType.rollouts.path(namespace: nil) == "/apis/argoproj.io/v1alpha1/rollouts")
        #expect(ResourceType.pods.path(namespace: "d", name: "p", subresource: "status") == "/api/v1/namespaces/d/pods/p/status")
        #expect(ResourceType.namespaces.path(namespace: "ignored", name: "d") == "/api/v1/namespaces/d")
        #expect(ResourceType.canaries.apiVersion == "flagger.app/v1beta1")
    }

    @Test func decodesStatus() throws {
        let json = #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"rollouts.argoproj.io \"x\" not found","reason":"NotFound","details":{"name":"x","group":"argoproj.io","kind":"rollouts"},"code":404}"#
        let s = try JSONDecoder().decode(APIStatus.self, from: Data(json.utf8))
        #expect(s.code == 404)
        #expect(s.reason == "NotFound")
        #expect(s.details?.name == "x")
    }
}

@Suite struct APIRequestTests {
    @Test func encodesQueryAndDescribes() {
        let r = APIRequest(method: .get, path: "/api/v1/pods", query: [("labelSelector", "app in (a,b)"), ("limit", "500")])
        #expect(r.pathAndQuery == "/api/v1/pods?labelSelector=app%20in%20%28a%2Cb%29&limit=500")
        let p = APIRequest.patch("/x/status", .merge, #"{"status":{"abort":true}}"#)
        #expect(p.description == #"PATCH /x/status [application/merge-patch+json] {"status":{"abort":true}}"#)
        #expect(p == APIRequest.patch("/x/status", .merge, #"{"status":{"abort":true}}"#))
    }
}
