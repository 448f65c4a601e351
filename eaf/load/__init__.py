"""Reading model files: discovery on disk and strict YAML with positions."""
