/// An image with the roles of the ReplicaSets running it (`canary`, `stable`, `active`, ...,
/// and `Σ:<template>` for an experiment's). In `-o json|yaml` the experiment tag is written
/// `experiment:<template>`, keeping glyphs out of machine output.
public struct ImageInfo: Sendable, Hashable, Codable {
    public var image: String
    public var tags: [String]

    public init(image: String, tags: [String]) {
        self.image = image
        self.tags = tags
    }

    private enum CodingKeys: String, CodingKey { case image, tags }
    static let experimentTag = "Σ:", experimentWord = "experiment:"

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        image = try c.decode(String.self, forKey: .image)
        tags = try c.decode([String].self, forKey: .tags).map {
            $0.hasPrefix(Self.experimentWord) ? Self.experimentTag + $0.dropFirst(Self.experimentWord.count) : $0
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(image, forKey: .image)
        try c.encode(tags.map { $0.hasPrefix(Self.experimentTag) ? Self.experimentWord + $0.dropFirst(Self.experimentTag.count) : $0 }, forKey: .tags)
    }

    /// `image (tag1, tag2)`, or the image alone.
    public var text: String { tags.isEmpty ? image : "\(image) (\(tags.joined(separator: ", ")))" }

    /// The plugin's `mergeImageAndTags`: the same image seen again merges its tags (deduplicated and
    /// sorted); the list stays sorted by image.
    static func merge(_ image: ImageInfo, into images: inout [ImageInfo]) {
        if let i = images.firstIndex(where: { $0.image == image.image }) {
            images[i].tags = Array(Set(image.tags + images[i].tags)).sorted()
        } else {
            images.append(image)
        }
        images.sort { $0.image < $1.image }
    }
}
