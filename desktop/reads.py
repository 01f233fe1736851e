"""Read-only queries the UI needs, re-exported so that ui/ depends on desktop/ alone.

Reads carry no business rule, so they are the db/ functions themselves; anything that decides
something belongs in a service module instead.
"""

from db.activity import Account, accounts
from db.contacts import ListRow, channels
from db.contacts import count as count_contacts
from db.contacts import list_ids as contact_ids
from db.contacts import list_rows as contact_rows
from db.tags import Tag, TagCatalogue, TagGroup, groups_with_tags, tag_catalogue, tags_of_contacts
from db.tasks import TaskRow, task

__all__ = ["Account", "accounts", "ListRow", "channels", "count_contacts", "contact_ids",
           "contact_rows", "Tag", "TagCatalogue", "TagGroup", "groups_with_tags",
           "tag_catalogue", "tags_of_contacts", "TaskRow", "task"]
