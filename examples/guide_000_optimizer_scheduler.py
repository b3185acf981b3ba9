"""Guide 000, section 3.3: SGD with momentum and StepLR(step_size=7, gamma=0.1), the printed learning-rate table.

    python examples/guide_000_optimizer_scheduler.py [--backend torch]

Prints exactly the guide's lines: Epoch 1-6 -> 0.001, 7-13 -> 0.0001, 14-15 -> 1e-05.
"""

from choose_backend import library_from_command_line

torch = library_from_command_line()  # minitorch_es, or PyTorch with --backend torch
nn = torch.nn
optim = torch.optim
lr_scheduler = torch.optim.lr_scheduler

model_ft = torch.nn.Linear(10, 2)

criterion = nn.CrossEntropyLoss()

# SGD con momentum
optimizer_ft = optim.SGD(model_ft.parameters(), lr=0.001, momentum=0.9)

# Scheduler: baja el LR cada 7 epochs
exp_lr_scheduler = lr_scheduler.StepLR(optimizer_ft, step_size=7, gamma=0.1)

for epoch in range(15):
    optimizer_ft.step()
    exp_lr_scheduler.step()
    print(f"Epoch {epoch+1}: LR = {optimizer_ft.param_groups[0]['lr']}")
