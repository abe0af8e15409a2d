"""The MCP server: tools from commands, safety, client config writers."""
