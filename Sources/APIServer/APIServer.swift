// APIServer (issue 2).
