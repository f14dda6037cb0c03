// Console (issue 7).
