// The TerminalUI module. Its code arrives with its issue.
