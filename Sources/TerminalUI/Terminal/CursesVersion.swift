import CNCurses

/// The ncurses this binary runs with (`rollscope version`).
public enum CursesVersion {
    /// `curses_version()`, e.g. `ncurses 6.4.20230625`.
    public static var library: String { String(cString: curses_version()) }
}
