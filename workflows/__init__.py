"""Engine wrapper and domain services. Nothing here imports Flask."""
