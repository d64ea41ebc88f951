"""Outside conformance check: the independent Python client `opendental-sdk==3.0.1` (PyPI),
which nobody here wrote, against the FrontDesk sandbox over real HTTP.

Run by .ci/run (see there): it starts `frontdesk sandbox --port 0` and sets SANDBOX_URL.
The SDK's pydantic models check the shapes; the assertions check the answers.
"""
import datetime as dt
import os

import pytest
from opendental import OpenDentalClient

BASE = os.environ["SANDBOX_URL"]  # local profile: 1000-row pages, no throttle
REMOTE = os.environ["SANDBOX_REMOTE_URL"]  # remote profile: 100-row pages, 1 request/s per key
DEV = os.environ.get("SANDBOX_DEV_KEY", "NFF6i0KrXrxDkZHt")
CUST = os.environ.get("SANDBOX_CUST_KEY", "VzkmZEaUWOjnQX2z")


@pytest.fixture(scope="module")
def client():
    return OpenDentalClient(developer_key=DEV, customer_key=CUST, base_url=BASE, max_retries=0)


def next_weekday(days_ahead):
    d = dt.date.today() + dt.timedelta(days=days_ahead)
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d


def test_patient_get(client):
    p = client.patients.get(3)
    assert p.id == 3
    assert p.last_name == "Núñez" and p.first_name == "José"
    assert p.birth_date is not None


def test_patient_list_and_get_all(client):
    first = client.patients.list()
    assert len(first) == 1000  # local profile: 1000-row pages
    ids = [p.id for p in first]
    assert ids == sorted(set(ids))  # stable order by primary key (archived patients are left out)
    second = client.patients.list(offset=1000)
    assert second and second[0].id > ids[-1]


def test_patient_get_all_against_the_remote_profile():
    # The SDK's get_all steps Offset by 100, the Remote cap, so it is run against the remote
    # profile, pausing past the 1 s throttle between pages as its docs advise.
    remote = OpenDentalClient(developer_key=DEV, customer_key=CUST, base_url=REMOTE, max_retries=3)
    everyone = remote.patients.get_all(throttle_delay=1.1)
    ids = [p.id for p in everyone]
    assert len(ids) == len(set(ids))
    assert 200 <= len(ids) <= 250


def test_appointments_by_date_range(client):
    start = next_weekday(1)
    end = start + dt.timedelta(days=2)
    apts = client.appointments.list(date_start=start.isoformat(), date_end=end.isoformat())
    assert len(apts) > 20
    for a in apts:
        assert start <= a.apt_date_time.date() <= end
    one = client.appointments.get(apts[0].apt_num)
    assert one.apt_num == apts[0].apt_num and one.pat_num == apts[0].pat_num


def scheduled(client, n):
    day = next_weekday(5)
    apts = [a for a in client.appointments.list(date=day.isoformat(), apt_status="Scheduled")]
    assert len(apts) >= n
    return apts[:n]


def test_confirm(client):
    (a,) = scheduled(client, 1)
    client.appointments.confirm(a.apt_num, confirm_val="Confirmed")
    after = client.appointments.get(a.apt_num)
    assert after.confirmed == 21
    client.appointments.confirm(a.apt_num, def_num=20)
    assert client.appointments.get(a.apt_num).confirmed == 20


def test_break(client):
    a, b = scheduled(client, 3)[1:3]
    client.appointments.break_appointment(a.apt_num, send_to_unscheduled_list=True)
    assert client.appointments.get(a.apt_num).apt_status == "UnschedList"
    client.appointments.break_appointment(b.apt_num, send_to_unscheduled_list=False, break_type="Missed")
    assert client.appointments.get(b.apt_num).apt_status == "Broken"
    codes = [p.proc_code for p in client.procedure_logs.get_by_patient(b.pat_num)]
    assert "D9986" in codes


def test_note(client):
    (a,) = scheduled(client, 4)[3:4]
    client.appointments.append_note(a.apt_num, "Requests a call back")
    assert "Requests a call back" in client.appointments.get(a.apt_num).note


def test_set_arrived(client):
    (a,) = scheduled(client, 5)[4:5]
    updated = client.appointments.set_arrived(a.apt_num, "09:15:00")
    assert updated.date_time_arrived == dt.datetime.combine(a.apt_date_time.date(), dt.time(9, 15))


def test_procedure_logs_by_patient(client):
    # A patient with a visit on the book has its procedures (which patient number that is depends
    # on the generated practice, whose statuses follow the hour: patient 3 may have none).
    pat = scheduled(client, 6)[5].pat_num
    procs = client.procedure_logs.get_by_patient(pat)
    assert procs and all(p.pat_num == pat for p in procs)
    assert all(p.proc_code.startswith("D") for p in procs)


def test_operatories_and_providers(client):
    ops = client.operatories.list()
    assert len(ops) >= 5
    provs = client.providers.list()
    assert len(provs) >= 4
    assert {p.abbreviation for p in provs} >= {"DOC1", "DOC2", "HYG1"}
