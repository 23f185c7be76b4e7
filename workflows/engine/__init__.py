"""The SpiffWorkflow wrapper: diagrams, scripting, storage and stepping, each in its own module."""
