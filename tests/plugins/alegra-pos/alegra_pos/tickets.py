"""``alegra pos-tickets list | get | create``."""

from alegra import verbs
from alegra.resource import Filter, Resource

POS_TICKETS = Resource(
    name="pos-tickets",
    singular="POS ticket",
    path="pos-tickets",
    columns=("id", "date", "client.name", "total", "status"),
    filters=(
        Filter("status", choices=("open", "closed", "void"),
               help="only tickets in this state"),
        Filter("date", help="only tickets of this day (YYYY-MM-DD)"),
    ),
    text_fields=frozenset({"observations", "client.identification"}),
    verbs=("list", "get", "create"),
)

List = verbs.List.bind(POS_TICKETS)
Get = verbs.Get.bind(POS_TICKETS)
Create = verbs.Create.bind(POS_TICKETS)
