import Foundation
import JSONValue
import KubeModel
import Delivery
import Testing
@testable import Console

/// The store's texts (`KeptTexts`): compressed into slabs of their own, each back byte for byte
/// whatever it holds, a released text's bytes garbage, a slab returned when empty and compacted
/// when mostly garbage, a text larger than a slab in a slab of its own.
@Suite struct KeptTextsTests {
    private static let kind = ObjectIdentifier(Rollout.self)

    /// Texts compression does well and badly on: the fixture Rollout, unicode, escapes and control
    /// characters, bytes that are not UTF-8, random bytes (kept as they are), nothing.
    static let hostile: [[UInt8]] = {
        var random = SystemRandomNumberGenerator()
        return [
            Array(KeptObjectTests.rollout.utf8),
            Array(#"{"metadata":{"name":"wéb-日本語-🚀","annotations":{"note":"line\nbreak \"quoted\" \\ \u0000 tab\t"}}}"#.utf8),
            Array("ünïcödé ✓ — \u{202E}reversed\u{202C} \u{1F600}".utf8),
            [0xFF, 0xFE, 0x00, 0xC3, 0x28, 0xE2, 0x82, 0x0A, 0x1B, 0x5B, 0x32, 0x4A],
            (0..<3_000).map { _ in UInt8.random(in: .min ... .max, using: &random) },
            [],
        ]
    }()

    @Test func everyTextComesBackByteForByte() {
        let texts = KeptTexts(slabSize: 4096)
        let handles = Self.hostile.map { texts.keep($0, kind: Self.kind) }
        #expect(handles.map { texts.text($0) } == Self.hostile)
        for count in [0, 1, 4, 100, 10_000] {
            #expect(handles.map { texts.prefix($0, count: count) } == Self.hostile.map { Array($0.prefix(count)) }, "the first \(count) bytes")
        }
        let usage = texts.usage
        #expect(usage.texts == Self.hostile.count)
        #expect(usage.textBytes == Self.hostile.map(\.count).reduce(0, +))
        #expect(usage.live <= usage.textBytes, "random bytes are kept as they are, not larger")
    }

    /// A kind's dictionary is its first text, whatever that is: nothing, random bytes, bytes
    /// that are not UTF-8; the texts after it come back all the same.
    @Test func anyFirstTextMakesADictionary() {
        // Beginning with zstd's dictionary magic number, which its stable API would parse as a trained dictionary.
        let magic: [UInt8] = [0x37, 0xA4, 0x30, 0xEC] + Array(KeptObjectTests.rollout.utf8)
        for first in Self.hostile + [magic, Array(magic.prefix(4))] {
            let texts = KeptTexts(slabSize: 4096)
            let all = [first] + Self.hostile
            let handles = all.map { texts.keep($0, kind: Self.kind) }
            #expect(handles.map { texts.text($0) } == all, "after a first text of \(first.count) bytes")
        }
    }

    @Test func textsOfAKindAreCompressedAgainstTheFirst() {
        let texts = KeptTexts()
        let rollouts = (0..<50).map { Array(KeptObjectTests.rollout.replacingOccurrences(of: #""name":"web""#, with: #""name":"web-\#($0)""#).utf8) }
        let handles = rollouts.map { texts.keep($0, kind: Self.kind) }
        #expect(handles.map { texts.text($0) } == rollouts)
        let usage = texts.usage
        // The first is compressed against itself; each next one against it, to a few dozen bytes.
        #expect(usage.live * 10 < usage.textBytes, "\(usage)")
    }

    @Test func aTextLargerThanASlabHasOneOfItsOwn() {
        let texts = KeptTexts(slabSize: 4096)
        let small = texts.keep(Array(KeptObjectTests.rollout.utf8), kind: Self.kind)
        var random = SystemRandomNumberGenerator()
        let large = (0..<20_000).map { _ in UInt8.random(in: .min ... .max, using: &random) }
        let handle = texts.keep(large, kind: Self.kind)
        #expect(texts.usage.slabs == 2)
        #expect(texts.usage.reserved >= 4096 + 20_000)
        #expect(texts.text(handle) == large)
        #expect(texts.text(small) == Array(KeptObjectTests.rollout.utf8))
        texts.release(handle)
        #expect(texts.usage.slabs == 1, "its slab returned")
        #expect(texts.text(small) == Array(KeptObjectTests.rollout.utf8))
    }

    /// Random texts (kept as they are, so each takes its own size: the kind's dictionary is a
    /// first short text) fill slab after slab; most of the early ones released, their slabs are
    /// returned or compacted, and what stays reads back.
    @Test func releasedBytesAreGarbageAndSlabsCompacted() {
        let texts = KeptTexts(slabSize: 4096)
        let primer = texts.keep([1, 2, 3], kind: Self.kind)
        var random = SystemRandomNumberGenerator()
        let kept = (0..<40).map { _ in (0..<700).map { _ in UInt8.random(in: .min ... .max, using: &random) } }
        var handles = kept.map { texts.keep($0, kind: Self.kind) }
        let filled = texts.usage
        #expect(filled.slabs == 8 && filled.live == 40 * 700 + 3 && filled.written == filled.live, "\(filled)")
        // Released: three of every four of the first 32 (the slab being filled is left alone).
        var staying: [Int] = []
        for index in 0..<40 {
            if index < 32 && index % 4 != 0 { texts.release(handles[index]) } else { staying.append(index) }
        }
        let after = texts.usage
        #expect(after.texts == staying.count + 1 && after.live == staying.count * 700 + 3, "\(after)")
        #expect(after.slabs < filled.slabs, "\(after)")
        #expect(after.written < after.live * 2 + 4096, "garbage compacted: \(after)")
        #expect(staying.map { texts.text(handles[$0]) } == staying.map { kept[$0] })
        // Slots are reused; the new text reads back and the old ones still do.
        let again = (0..<700).map { _ in UInt8.random(in: .min ... .max, using: &random) }
        handles[1] = texts.keep(again, kind: Self.kind)
        #expect(texts.text(handles[1]) == again)
        #expect(staying.map { texts.text(handles[$0]) } == staying.map { kept[$0] })
        for index in staying { texts.release(handles[index]) }
        texts.release(handles[1])
        #expect(texts.text(primer) == [1, 2, 3])
        texts.release(primer)
        #expect(texts.usage.texts == 0 && texts.usage.live == 0)
        #expect(texts.usage.slabs == 1, "only the slab being filled stays")
    }

    /// A kept object's record: its labels (none, empty, unicode, long) and its text, each back as it was.
    @Test func aRecordKeepsLabelsAndTextApart() {
        let texts = KeptTexts()
        let text = Array(KeptObjectTests.rollout.utf8)
        let cases: [[String: String]?] = [nil, [:], ["app": "web"], ["rollouts-pod-template-hash": "7d9f8c6b5", "app.kubernetes.io/name": "wéb-日本語-🚀", "": "", "k": String(repeating: "v", count: 300)]]
        for labels in cases {
            let record = KeptRecord.encode(labels: labels, text: text)
            let handle = texts.keep(record, kind: Self.kind)
            #expect(KeptRecord.labels { texts.prefix(handle, count: $0) } == labels)
            #expect(KeptRecord.text(of: texts.text(handle)) == Data(text))
        }
        #expect(KeptRecord.text(of: KeptRecord.encode(labels: ["a": "b"], text: [])).isEmpty)
    }

    /// Texts packed on many threads at once (as informers pack them beside their decodes) and
    /// kept on one: each back byte for byte, compressed against the kind's one dictionary.
    @Test func textsPackedOnManyThreadsComeBack() async {
        let texts = KeptTexts(slabSize: 4096)
        let rollouts = (0..<64).map { Array(KeptObjectTests.rollout.replacingOccurrences(of: #""name":"web""#, with: #""name":"web-\#($0)""#).utf8) }
        let packed = await withTaskGroup(of: [(Int, KeptTexts.Packed)].self) { group in
            for part in 0..<4 {
                group.addTask { stride(from: part, to: rollouts.count, by: 4).map { ($0, texts.pack(rollouts[$0], kind: Self.kind)) } }
            }
            return await group.reduce(into: [Int: KeptTexts.Packed]()) { all, part in for (index, packed) in part { all[index] = packed } }
        }
        let handles = rollouts.indices.map { texts.keep(packed[$0]!) }
        #expect(handles.map { texts.text($0) } == rollouts)
        #expect(texts.usage.live * 5 < texts.usage.textBytes, "against one dictionary, not one each: \(texts.usage)")
    }

    /// A kept object keeps the record packed beforehand for its arena (`StoreEvent.packingTexts`,
    /// on the informer's thread), and packs again one packed for another arena.
    @Test func aKeptObjectKeepsTheRecordPackedBeforehand() throws {
        let texts = KeptTexts(), other = KeptTexts()
        let watched = try KeptObjectTests.watched(Rollout.self, KeptObjectTests.rollout)
        let record = KeptRecord.encode(labels: ["app": "web", "team": "a"], text: Array(KeptObjectTests.rollout.utf8))
        guard case let .page(items) = StoreEvent.page([watched]).packingTexts(in: texts) else { Issue.record("not a page"); return }
        let packed = try #require((items.first as? any DecodedWithText)?.packed)
        #expect(texts.packed(packed) && !other.packed(packed))
        for arena in [texts, other] {
            let kept = KeptObject(items[0], keepingText: true, in: arena)
            kept.settle()
            #expect(kept.labels == ["app": "web", "team": "a"])
            #expect((kept.object as? Rollout) == (watched as? any DecodedWithText)?.typed as? Rollout)
            #expect(arena.usage.texts == 1 && arena.usage.textBytes == record.count)
        }
    }

    /// A kept object's text goes with it; decoded from the arena, it is the object first decoded.
    @Test func aKeptObjectsTextGoesWithIt() throws {
        let texts = KeptTexts()
        var kept: KeptObject? = KeptObject(try KeptObjectTests.watched(Rollout.self, KeptObjectTests.rollout), keepingText: true, in: texts)
        kept?.settle()
        #expect(kept?.isTextOnly == true)
        let record = KeptRecord.encode(labels: ["app": "web", "team": "a"], text: Array(KeptObjectTests.rollout.utf8))
        #expect(texts.usage.texts == 1 && texts.usage.textBytes == record.count)
        #expect(kept?.labels == ["app": "web", "team": "a"])
        let direct = try ScanningJSONDecoder().decode(Rollout.self, from: Data(KeptObjectTests.rollout.utf8))
        let again = try #require(kept?.object as? Rollout)
        #expect(again == direct)
        #expect(again.verbatim?.text == Array(KeptObjectTests.rollout.utf8))
        // Replaced, as a watch event replaces it: the old text is let go.
        kept = KeptObject(try KeptObjectTests.watched(Rollout.self, KeptObjectTests.rollout.replacingOccurrences(of: #""42""#, with: #""43""#)), keepingText: true, in: texts)
        #expect(texts.usage.texts == 1)
        kept = nil
        #expect(texts.usage.texts == 0 && texts.usage.live == 0)
    }
}
