"""A local S3 endpoint for tests: moto's server mode, in a thread of the test process,
spoken to over HTTP exactly as MinIO or AWS would be."""

import socket

import pytest

BUCKET = "puente-test"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_storage(s3_endpoint, settings, monkeypatch):
    """Make the default storage the S3 endpoint, with an empty bucket. Returns a boto3
    client for looking inside."""
    import boto3

    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    try:
        client.create_bucket(Bucket=BUCKET)
    except client.exceptions.BucketAlreadyOwnedByYou:
        pass
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET, "endpoint_url": s3_endpoint,
                "access_key": "testing", "secret_key": "testing",
                "region_name": "us-east-1", "default_acl": None,
                "querystring_auth": True, "querystring_expire": 300,
                "file_overwrite": False,
            },
        },
    }  # fmt: skip
    return client


def keys(client) -> list[str]:
    return [i["Key"] for i in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
