// DemoCluster: simulated controllers (issue 3).
