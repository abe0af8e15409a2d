"""A working command under a name that is already taken."""

from alegra import verbs
from alegra.resource import Resource

List = verbs.List.bind(Resource(name="contacts", singular="contact"))
