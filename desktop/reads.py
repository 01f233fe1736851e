"""Read-only queries the UI needs, re-exported so that ui/ depends on desktop/ alone.

Reads carry no business rule, so they are the db/ functions themselves; anything that decides
something belongs in a service module instead.
"""

from db.activity import Account, accounts  # noqa: F401
from db.contacts import (SORT_EXPRESSIONS, ListRow, channels, count as count_contacts,  # noqa: F401
                         list_ids as contact_ids, list_rows as contact_rows)
from db.tags import Tag, TagGroup, groups_with_tags, tags_of_contacts  # noqa: F401
from db.today import PostRow, TaskRow, TouchRow, task  # noqa: F401
