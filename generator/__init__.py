"""orchestration-clients generator: OpenAPI 3.1 specs in specs/ -> typed client packages in generated/."""
