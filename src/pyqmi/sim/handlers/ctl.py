"""CTL: version info, client id allocation and release, sync."""

from __future__ import annotations

from pyqmi.qmi.services import Service
from pyqmi.qmi.typed import ctl
from pyqmi.sim.core import Context, SimError
from pyqmi.sim.handlers import lifecycle
from pyqmi.sim.registry import handles

# (major, minor) versions the simulated firmware reports.
_VERSIONS: dict[Service, tuple[int, int]] = {
    Service.CTL: (1, 5),
    Service.WDS: (1, 67),
    Service.DMS: (1, 14),
    Service.NAS: (1, 25),
    Service.UIM: (1, 46),
    Service.WDA: (1, 16),
}
_MAX_CID = 254


def supported_services(ctx: Context) -> list[Service]:
    return [s for s in _VERSIONS if s is not Service.UIM or ctx.scenario.uim_supported]


@handles(ctl.GetVersionInfo)
def get_version_info(ctx: Context, req: ctl.GetVersionInfo.Request) -> ctl.GetVersionInfo.Response:
    services = tuple(
        ctl.Service(service=int(s), major=_VERSIONS[s][0], minor=_VERSIONS[s][1])
        for s in supported_services(ctx)
    )
    return ctl.GetVersionInfo.Response(services=services)


@handles(ctl.AllocateCid)
def allocate_cid(ctx: Context, req: ctl.AllocateCid.Request) -> ctl.AllocateCid.Response:
    number = req.service
    if number is None:
        raise SimError("MISSING_ARGUMENT")
    services = supported_services(ctx)
    if number == Service.CTL or number not in services:
        raise SimError("INVALID_SERVICE_TYPE")
    name = Service(number).name.lower()
    in_use = ctx.state.clients.setdefault(name, set())
    if len(in_use) >= _MAX_CID:
        raise SimError("CLIENT_IDS_EXHAUSTED")
    # Like firmware, hand out increasing ids and wrap, skipping ids still in use.
    cid = ctx.state.allocations.get(name, 0)
    while True:
        cid = cid % _MAX_CID + 1
        if cid not in in_use:
            break
    in_use.add(cid)
    ctx.state.allocations[name] = ctx.state.allocations.get(name, 0) + 1
    return ctl.AllocateCid.Response(allocation=ctl.Allocation(service=number, cid=cid))


@handles(ctl.ReleaseCid)
def release_cid(ctx: Context, req: ctl.ReleaseCid.Request) -> ctl.ReleaseCid.Response:
    release = req.release
    if release is None:
        raise SimError("MISSING_ARGUMENT")
    number, cid = release.service, release.cid
    try:
        name = Service(number).name.lower()
    except ValueError:
        raise SimError("INVALID_SERVICE_TYPE") from None
    if cid not in ctx.state.clients.get(name, set()):
        raise SimError("INVALID_CLIENT_ID", ctl.ReleaseCid.Response(release=release))
    lifecycle.release_client(ctx, name, cid)
    return ctl.ReleaseCid.Response(release=release)


@handles(ctl.Sync)
def sync(ctx: Context, req: ctl.Sync.Request) -> None:
    for name, cids in list(ctx.state.clients.items()):
        for cid in sorted(cids):
            lifecycle.release_client(ctx, name, cid)
