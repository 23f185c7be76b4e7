"""What the test modules share: fixtures (registered as pytest plugins by tests/conftest.py) and
plain helpers, one module per idea. Test modules import from here, never from each other."""
