// The Kube module. Its code arrives with its issue.
