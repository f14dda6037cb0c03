// JSONValue (issue 2).
