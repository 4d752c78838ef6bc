"""The notebooks' kernels talk to the build over Unix sockets in a private folder, not over TCP on localhost.

ipykernel (7.3 and later) warns, once per kernel, that a kernel "is running over
TCP without encryption" and that its traffic "is susceptible to eavesdropping":
every notebook ``make site`` runs printed it. The build and its kernels are on
one machine, so Jupyter's IPC transport is the plain answer: the sockets are
files in a folder only the builder can open, and nothing listens on a port.

myst-nb runs the notebooks through nbclient with no way to configure the kernel
manager, so the switch is made where Jupyter lets a launch be customised: a
kernel provisioner, :class:`IpcProvisioner` (registered as ``bmckit-ipc`` in the
``jupyter_client.kernel_provisioners`` entry points), chosen for the build
through jupyter_client's ``JUPYTER_DEFAULT_PROVISIONER_NAME`` unless that is
already set (:func:`bmckit.sphinxext.notebooks.run_kernels_over_ipc`). Where Unix sockets do not exist (Windows), kernels
keep TCP.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

from jupyter_client.provisioning.local_provisioner import LocalProvisioner


def ipc_available() -> bool:
    return os.name == "posix"


class IpcProvisioner(LocalProvisioner):
    """Jupyter's local provisioner, with the kernel's five sockets as Unix sockets in a new private folder."""

    sockets: str | None = None

    async def pre_launch(self, **kwargs: Any) -> dict[str, Any]:
        manager = self.parent
        if manager is not None and manager.transport == "tcp" and ipc_available():
            self.sockets = tempfile.mkdtemp(prefix="bmckit-kernel-")  # mode 0700: this user's only
            manager.transport = "ipc"
            # An absolute path: the kernel runs in another folder (nb_execution_in_temp), and a relative one would name two.
            manager.ip = os.path.join(self.sockets, "kernel")
            manager.cache_ports = False  # ports are TCP's; over IPC they only number the socket files
        return await super().pre_launch(**kwargs)

    async def cleanup(self, restart: bool = False) -> None:
        await super().cleanup(restart=restart)
        if not restart and self.sockets:
            shutil.rmtree(self.sockets, ignore_errors=True)
            self.sockets = None
