/// The glyph sets are defined once, in `GlyphSet`, for the command line's plugin text
/// (which must not depend on curses) and for the widgets here. Re-exported so that code
/// drawing with TerminalUI names `Glyphs` without a second import.
@_exported import GlyphSet
