"""Reading a stored document back: what it means when the storage cannot give it."""

import sys


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
