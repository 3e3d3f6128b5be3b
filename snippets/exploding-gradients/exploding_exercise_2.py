"""Exercise 2 of the chapter "Exploding gradients and gradient clipping": The step is bounded.

A solution; run it alone, it prints what the chapter shows under the exercise.
"""

import torch

torch.manual_seed(0)
model = torch.nn.Linear(10, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
x, y = torch.randn(64, 10), 1e6 * torch.randn(64, 1)  # huge targets
for step in range(5):
    before = torch.cat([p.detach().flatten() for p in model.parameters()])
    loss = ((model(x) - y) ** 2).mean()
    opt.zero_grad()
    loss.backward()
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    after = torch.cat([p.detach().flatten() for p in model.parameters()])
    moved = (after - before).norm().item()
    print(f"gradient norm {norm:.3g}, step length {moved:.4f}")
    assert moved <= 0.1 * 1.0 + 1e-6
