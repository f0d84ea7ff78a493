"""Development tools outside the runtime path: demo site generator, loopback mirror, evaluation."""
