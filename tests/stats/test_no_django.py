"""The statistics kernels are pure: importing them loads no Django."""

import subprocess
import sys


def test_importing_trygg_stats_does_not_import_django():
    code = (
        "import sys\n"
        "import trygg.stats, trygg.stats.survey, trygg.stats.raking, trygg.stats.hotspots\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not loaded, loaded\n"
    )

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)

    assert done.returncode == 0, done.stderr
