"""How long one redraw of each explorer's numbers takes in Chromium: a benchmark for the README, not a test.

Loads the built site, and times window.fancyRnnExplorers' computations (the work one slider move
triggers) 15 times per setting, printing the median. Run with the CPU throttled 4x as well
(Lighthouse's mobile preset) to see a slow phone.
Usage: python tools/explorer_timing.py [SITE_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from serving import CHROMIUM_ARGS, ROOT, chromium_path, serve

TIMING_JS = """async ([figure, call]) => {
  const model = await (await fetch('../figures/' + figure)).json();
  const E = window.fancyRnnExplorers, times = [];
  for (let run = 0; run < 15; run++) {
    const start = performance.now();
    eval(call);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[7];
}"""
SETTINGS = [
    ("vanishing-gradients/", "vanishing_explorer.json", "tanh, T = 50", "E.jacobianNorms(model, 'tanh', 0.9, 50)"),
    ("vanishing-gradients/", "vanishing_explorer.json", "tanh, T = 100", "E.jacobianNorms(model, 'tanh', 0.9, 100)"),
    ("lstm/", "lstm_memory.json", "LSTM and RNN, 100 steps",
     "E.lstmRemaining(0.9, 1, model.steps); E.rnnRemaining(model.inputs, 1, model.steps)"),
]


def main(site: Path) -> None:
    print("| explorer | setting | median computation per redraw, ms | with 4x CPU throttle, ms |\n|---|---|---|---|")
    with serve(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for path, figure, setting, call in SETTINGS:
            medians = []
            for throttle in (1, 4):
                page = browser.new_page()
                page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttle})
                page.goto(url + path, wait_until="load")
                medians.append(page.evaluate(TIMING_JS, [figure, call]))
                page.close()
            print(f"| /{path} | {setting} | {medians[0]:.1f} | {medians[1]:.1f} |")
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site")
