/// Everything a key can do. The key table maps key names to these; the reducer interprets them.
public enum ConsoleAction: String, Sendable, Hashable, CaseIterable {
    // Movement and navigation.
    case down, up, top, bottom, pageDown, pageUp
    case open, back, nextPane, fleet
    case filter, command, help, messages, quit
    case sortNext, sortReverse
    // Detail pages: the revision diff, the analysis charts.
    case diff, analysis, logs
    // The log page: layout, wrap, pause, container, previous instance, search.
    case logLayout, logWrap, logPause, logContainer, logPrevious, logSearch, searchNext, searchPrevious
    // The `:ctx` list.
    case toggleContext, onlyContext
    // Mutations: each opens a confirmation dialog (set image asks for CONTAINER=IMAGE first).
    case promote, promoteFull, abort, retry, restart, undo, pauseToggle, setImage, terminate
    // Dialog buttons.
    case dialogToggle, dialogConfirm, dialogCancel

    /// Whether the action changes the cluster (removed entirely by `--readonly`).
    public var isMutation: Bool { MutationKind(self) != nil }
}

/// The mutating actions, the subset of `ConsoleAction` that sends requests.
public enum MutationKind: String, Sendable, Hashable, CaseIterable {
    case promote, promoteFull, abort, retry, restart, undo, pauseToggle, setImage, terminate

    public init?(_ action: ConsoleAction) {
        self.init(rawValue: action.rawValue)
    }

    /// The verb written in dialogs, status lines and the audit log, when the data source
    /// gives no more specific label.
    public var verb: String {
        switch self {
        case .promote: "promote"
        case .promoteFull: "promote full"
        case .abort: "abort"
        case .retry: "retry"
        case .restart: "restart"
        case .undo: "undo"
        case .pauseToggle: "pause/unpause"
        case .setImage: "set image"
        case .terminate: "terminate"
        }
    }
}
