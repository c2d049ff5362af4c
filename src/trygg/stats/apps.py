from django.apps import AppConfig


class StatsConfig(AppConfig):
    """The statistics kernels: pure NumPy/SciPy. The app only carries ``trygg estimate``.

    Importing ``trygg.stats`` loads no Django; this module and the command do.
    """

    name = "trygg.stats"
    verbose_name = "Statistics"
