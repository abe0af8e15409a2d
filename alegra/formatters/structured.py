"""json, yaml and ndjson: data for programs, with numbers kept exact."""

from cliff.formatters import base

from alegra import jsonio


def _raw(value):
    machine = getattr(value, "machine_readable", None)
    return machine() if machine else value


def _objects(column_names, data):
    for row in data:
        yield {name: _raw(value) for name, value in zip(column_names, row)}


class DocumentFormatter(base.ListFormatter, base.SingleFormatter):
    """Prints whole objects; rows are turned back into objects first."""

    def add_argument_group(self, parser):
        pass

    def emit_list(self, column_names, data, stdout, parsed_args):
        self.emit_documents(_objects(column_names, data), stdout, parsed_args)

    def emit_one(self, column_names, data, stdout, parsed_args):
        record = {name: _raw(value) for name, value in zip(column_names, data)}
        self.emit_document(record, stdout, parsed_args)


class JSONFormatter(DocumentFormatter):
    """Indented JSON; a list is one array, streamed as it is fetched."""

    def add_argument_group(self, parser):
        group = parser.add_argument_group("JSON formatter")
        group.add_argument(
            "--noindent", action="store_true", dest="noindent",
            help="print the JSON on one line",
        )

    @staticmethod
    def _indent(parsed_args):
        return None if getattr(parsed_args, "noindent", False) else 2

    def emit_documents(self, records, stdout, parsed_args):
        indent = self._indent(parsed_args)
        count = 0
        stdout.write("[")
        for record in records:
            text = jsonio.dumps(record, indent)
            if indent:
                text = "\n" + "\n".join(
                    " " * indent + line for line in text.splitlines()
                )
            stdout.write(("," if count else "") + text)
            count += 1
        stdout.write("\n]\n" if indent and count else "]\n")

    def emit_document(self, record, stdout, parsed_args):
        stdout.write(jsonio.dumps(record, self._indent(parsed_args)) + "\n")


class NDJSONFormatter(DocumentFormatter):
    """One compact JSON object per line, for streams and ``jq -c``."""

    def emit_documents(self, records, stdout, parsed_args):
        for record in records:
            stdout.write(jsonio.dumps(record) + "\n")

    def emit_document(self, record, stdout, parsed_args):
        stdout.write(jsonio.dumps(record) + "\n")


class YAMLFormatter(DocumentFormatter):
    """YAML, with amounts written exactly as Alegra sent them."""

    def emit_documents(self, records, stdout, parsed_args):
        _yaml_dump(list(records), stdout)

    def emit_document(self, record, stdout, parsed_args):
        _yaml_dump(record, stdout)


def _yaml_dump(value, stdout):
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def number(dumper, data):
        return dumper.represent_scalar("tag:yaml.org,2002:float", data.text)

    Dumper.add_representer(jsonio.Number, number)
    yaml.dump(value, stdout, Dumper=Dumper, allow_unicode=True,
              sort_keys=False, default_flow_style=False)
