// The Rollouts module. Its code arrives with its issue.
