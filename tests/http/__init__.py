"""Every operation of every generated client over real HTTP, against Prism mocking its spec."""
