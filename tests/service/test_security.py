
def test_scratch(people, client):
    r = client.get("/accounts/login/")
    print(r.status_code, r.templates[0].name if r.templates else None)
    print(r.content.decode())
    for i in range(7):
        r = client.post("/accounts/login/", {"login": "alice", "password": "wrong"})
        print(i, r.status_code, [t.name for t in r.templates][:2])
    print(r.content.decode()[-3000:])
    assert 0
