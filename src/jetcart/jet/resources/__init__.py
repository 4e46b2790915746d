"""One class per group of Jet endpoints; `JetClient` exposes each as an attribute (`client.products`, …)."""
