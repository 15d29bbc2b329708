"""Where a label too long for its bar goes in a picture: under the bar, or over it where the lane under it
is taken there, side by side with the others, on the page.

    below(ax, centre, y, text, height, axes_width_in, lanes)   # a narrow segment's label, in a lane

NOTES
- Where each label goes is measured at drawing time, on the axes as the layout left them (a lane places
  its labels through an xycoords callable): labels the estimate before the layout put apart never meet on
  the finished picture.
"""

from __future__ import annotations

from . import theme
from .page import MARGIN_IN
from .text import rc_size, text_width_in

__all__ = ["LABEL_PAD_IN", "LABEL_PAD_PT", "Lane", "below"]

LABEL_PAD_IN = 0.05  # between two labels side by side under (or over) a bar (an estimate before the layout)
LABEL_PAD_PT = 2.0  # the same, measured when the chart is drawn


def below(ax, centre: float, y: float, text: str, height: float, axes_width_in: float, lanes: dict) -> None:
    """A narrow segment's label under its bar, or over it where the lane under it is taken there."""
    limit = ax.get_xlim()[1]
    half = (text_width_in(text, rc_size("font.size")) / 2 + LABEL_PAD_IN) / axes_width_in * limit
    x = min(max(centre, half), limit - half)
    under = lanes.setdefault((y, -1), Lane(ax, y - height / 2, -1))
    over = lanes.setdefault((y, 1), Lane(ax, y + height / 2, 1))
    if under.free(x, half):
        lane = under
    elif over.free(x, half):
        lane = over
    else:  # taken on both sides there: the lane with more room
        lane = under if under.taken() <= over.taken() else over
    lane.add(x, half, text)


class Lane:
    """The labels under (or over) one bar, placed when drawn: side by side in order, on the page.

    Where they go is measured at drawing time, on the axes as the layout left them, so labels that
    the estimate before the layout put apart never meet on the finished picture.
    """

    def __init__(self, ax, edge: float, side: int):
        self.ax, self.edge, self.side = ax, edge, side
        self.labels: list[tuple[float, float, object]] = []  # (wanted x, estimated half width, annotation)

    def free(self, x: float, half: float) -> bool:
        return all(abs(o - x) >= half + h for o, h, _ in self.labels)

    def taken(self) -> float:
        return sum(h for _, h, _ in self.labels)

    def add(self, x: float, half: float, text: str) -> None:
        at = len(self.labels)
        label = self.ax.annotate(
            text, (0, 0), xycoords=lambda renderer: self._place(renderer, at), xytext=(0, 3 * self.side),
            textcoords="offset points", ha="center", va="top" if self.side < 0 else "bottom",
            color=theme.color("role", "text"),
        )  # fmt: skip
        self.labels.append((x, half, label))

    def _place(self, renderer, at: int):
        from matplotlib.transforms import Affine2D

        box, pad = self.ax.get_window_extent(renderer), renderer.points_to_pixels(LABEL_PAD_PT)
        end = max(
            box.x1, self.ax.figure.bbox.x1 - renderer.points_to_pixels(MARGIN_IN * 72)
        )  # the margin too
        halves = [
            renderer.get_text_width_height_descent(a.get_text(), a.get_fontproperties(), ismath=False)[0] / 2
            + pad
            for _, _, a in self.labels
        ]
        xs = [self.ax.transData.transform((x, self.edge))[0] for x, _, _ in self.labels]
        for i in range(1, len(xs)):  # left to right: none over the one before
            xs[i] = max(xs[i], xs[i - 1] + halves[i - 1] + halves[i])
        for i in reversed(range(len(xs))):  # right to left: on the page, none over the next
            right = end if i == len(xs) - 1 else xs[i + 1] - halves[i + 1]
            xs[i] = max(min(xs[i], right - halves[i]), box.x0 + halves[i])
        return Affine2D().translate(xs[at], self.ax.transData.transform((0, self.edge))[1])
