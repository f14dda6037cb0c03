import Testing
import TerminalUI
@testable import Console

@Suite struct ConfigTests {
    @Test func everySettingIsRead() throws {
        let config = try ConsoleConfig.parse("""
        theme: light
        frameRate: 20
        bell: true
        readonly: true
        keys:
          promote: x
          down: [j, down, ctrl-n]
        """)
        #expect(config == ConsoleConfig(theme: "light", frameRate: 20, bell: true, readOnly: true,
                                        keys: ["promote": ["x"], "down": ["j", "down", "ctrl-n"]]))
        let table = try config.keyTable()
        #expect(table.binding(for: .char("x"), in: .detail, readOnly: false)?.action == .promote)
        #expect(table.binding(for: .ctrl("n"), in: .deliveries, readOnly: false)?.action == .down)
    }

    @Test func anEmptyFileIsTheDefaults() throws {
        #expect(try ConsoleConfig.parse("") == ConsoleConfig())
        #expect(try ConsoleConfig.load(path: "/nonexistent/rollscope/config.yaml") == ConsoleConfig())
    }

    @Test(arguments: [
        ("colour: red", "unknown setting \"colour\" (known: theme, frameRate, bell, readonly, logLines, kinds, keys, clusters, fleet)"),
        ("frameRate: 0", "frameRate: a whole number from 1 to 240"),
        ("bell: loud", "bell: true or false"),
        ("keys: [p]", "keys: a mapping of action to key or [keys]"),
        ("- a", "the file must be a mapping of settings"),
    ])
    func mistakesAreNamed(text: String, message: String) {
        #expect(throws: ConfigFileError.invalid(message)) { try ConsoleConfig.parse(text) }
    }

    @Test func clustersAreRead() throws {
        let config = try ConsoleConfig.parse("""
        clusters:
          - staging
          - context: prod-eu
            name: eu
            color: red
            production: true
            readonly: true
        """)
        #expect(config.clusters == [ClusterSettings(context: "staging"),
                                    ClusterSettings(context: "prod-eu", name: "eu", color: .red, production: true, readOnly: true)])
        #expect(config.settings(for: "prod-eu")?.production == true)
        #expect(config.settings(for: "prod-us") == nil)
        // The config's list is shown unless the command line names contexts.
        #expect(ConsoleOptions().chosenContexts(available: ["a", "b"], config: config) == ["staging", "prod-eu"])
        #expect(ConsoleOptions(contexts: ["a"]).chosenContexts(available: ["a", "b"], config: config) == ["a"])
        #expect(ConsoleOptions(allContexts: true).chosenContexts(available: ["a", "b"], config: config) == ["a", "b"])
    }

    @Test(arguments: [
        ("clusters: prod", "clusters: a list of contexts (a name, or {context: NAME, ...})"),
        ("clusters:\n  - name: eu", "clusters: an entry without context:"),
        ("clusters:\n  - context: a\n    color: purple", "clusters: color: one of red, green, yellow, blue, cyan, orange"),
        ("clusters:\n  - context: a\n    zone: x", "clusters: unknown field \"zone\" (known: context, name, color, production, readonly)"),
        ("clusters: [a, a]", "clusters: context a is listed twice"),
    ])
    func clusterMistakesAreNamed(text: String, message: String) {
        #expect(throws: ConfigFileError.invalid(message)) { try ConsoleConfig.parse(text) }
    }

    /// `fleet: matchLabel:`: the label the fleet screen matches applications by; `--match-label` wins.
    @Test func theFleetsMatchLabelIsRead() throws {
        let config = try ConsoleConfig.parse("fleet:\n  matchLabel: app.kubernetes.io/name\n")
        #expect(config.fleetMatchLabel == "app.kubernetes.io/name")
        #expect(try ConsoleConfig.parse("fleet: {matchLabel: app}").fleetMatchLabel == "app")
        #expect(try ConsoleConfig.parse("bell: true").fleetMatchLabel == nil)
        #expect(try ConsoleOptions().deliveries(config: config).fleetLabel == "app.kubernetes.io/name")
        var flag = ConsoleOptions()
        flag.matchLabel = "team"
        #expect(try flag.deliveries(config: config).fleetLabel == "team", "the flag wins")
        #expect(try ConsoleOptions().deliveries(config: ConsoleConfig()).fleetLabel == nil, "none: namespace and name")
    }

    @Test(arguments: [
        ("fleet: app", "fleet: a mapping (matchLabel: LABEL)"),
        ("fleet:\n  match: app", "fleet: unknown field \"match\" (known: matchLabel)"),
        ("fleet:\n  matchLabel: \"\"", "fleet: matchLabel: give a label key (as app.kubernetes.io/name)"),
        ("fleet:\n  matchLabel: [a]", "fleet: matchLabel: give a label key (as app.kubernetes.io/name)"),
        ("fleet:\n  matchLabel: \"app name\"",
         "fleet: matchLabel: \"app name\" is not a label key: the name must be letters, digits, '-', '_' or '.', starting and ending with a letter or digit"),
        ("fleet:\n  matchLabel: Example.com/name", "fleet: matchLabel: \"Example.com/name\" is not a label key: the prefix before / must be a lowercase DNS subdomain (as example.com)"),
        ("fleet:\n  matchLabel: app.kubernetes.io/", "fleet: matchLabel: \"app.kubernetes.io/\" is not a label key: the name must not be empty"),
    ])
    func fleetMistakesAreNamed(text: String, message: String) {
        #expect(throws: ConfigFileError.invalid(message)) { try ConsoleConfig.parse(text) }
    }

    @Test func aBadKeyOverrideIsNamed() throws {
        let config = try ConsoleConfig.parse("keys:\n  launch: l\n")
        #expect(throws: ConfigFileError.self) { try config.keyTable() }
    }

    @Test func pathsFollowXDG() {
        let paths = ConsolePaths.from(environment: ["HOME": "/home/op", "XDG_CONFIG_HOME": "/cfg", "XDG_STATE_HOME": "relative"])
        #expect(paths.configFile == "/cfg/rollscope/config.yaml")
        #expect(paths.auditLog == "/home/op/.local/state/rollscope/audit.log", "a relative XDG value is ignored")
        let defaults = ConsolePaths.from(environment: ["HOME": "/home/op"])
        #expect(defaults.configFile == "/home/op/.config/rollscope/config.yaml")
        #expect(defaults.infoLines(kubeconfig: ["/home/op/.kube/config", "/etc/kube"], fileExists: { $0 == "/etc/kube" }) == [
            "config:     /home/op/.config/rollscope/config.yaml (absent)",
            "themes:     /home/op/.config/rollscope/themes (absent)",
            "audit log:  /home/op/.local/state/rollscope/audit.log (absent)",
            "kubeconfig: /home/op/.kube/config (absent)",
            "            /etc/kube",
        ])
    }

    @Test func optionsMergeWithTheConfig() {
        #expect(ConsoleOptions(namespace: "shop", allNamespaces: true).scope(contextNamespace: "x") == .all)
        #expect(ConsoleOptions(namespace: "shop").scope(contextNamespace: "x") == .one("shop"))
        #expect(ConsoleOptions().scope(contextNamespace: "x") == .one("x"))
        #expect(ConsoleOptions().scope(contextNamespace: nil) == .all)
        #expect(ConsoleOptions().isReadOnly(config: ConsoleConfig(readOnly: true)))
        #expect(ConsoleOptions(snapshotPath: "dump.yaml").isReadOnly(config: ConsoleConfig()))
        #expect(!ConsoleOptions().isReadOnly(config: ConsoleConfig()))
    }
}
