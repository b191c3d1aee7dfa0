"""Reading a stored document back: what it means when the storage cannot give it."""

import logging
import sys

logger = logging.getLogger("cspr.documents")


class StoredFileLost(Exception):
    """A document's stored file cannot be read (logged for the operator by `open_stored`)."""


def file_unavailable_errors() -> tuple[type[Exception], ...]:
    """What a storage raises when a stored file cannot be read: the operator's to mend, not a bug.

    A folder raises OSError (missing, unreadable). django-storages' S3 backend turns only a 404 into
    FileNotFoundError: a key without s3:ListBucket gets a 403 for a missing object, and that, an
    unreachable endpoint or missing credentials arrive as botocore's own errors. botocore is looked
    up only if the S3 backend has loaded it (it is not installed by default, and importing it would
    slow every page); a bad argument (ParamValidationError) and every other exception stay errors.
    """
    found = sys.modules.get("botocore.exceptions")
    if found is None:
        return (OSError,)
    return (OSError, found.ClientError, found.ConnectionError, found.HTTPClientError, found.NoCredentialsError)


def open_stored(document):
    """The document's stored file, open for reading; StoredFileLost, logged for the operator, if it cannot be.

    The operator's to mend (a restore without the documents archive, a lost volume): the stored name
    is the case's id and a random one, so the log names no child and no case reference.
    """
    try:
        return document.file.open("rb")
    except file_unavailable_errors() as error:
        logger.error(
            "case document %s: its stored file %s cannot be read (%s); restore the documents storage",
            document.pk,
            document.file.name,
            type(error).__name__,
        )
        raise StoredFileLost(document.file.name) from error
