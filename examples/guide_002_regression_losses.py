"""Guide 002: regression and SVM losses by hand and with the library, with minitorch_es (or PyTorch).

    python examples/guide_002_regression_losses.py [--backend torch]

MSE 0.14, L1 0.5, mean bias error -0.05, the exercise's sum of absolute errors 2.0, and the SVM loss 0.915.
"""

from choose_backend import library_from_command_line

torch = library_from_command_line()  # minitorch_es, or PyTorch with --backend torch
nn = torch.nn

output1 = torch.tensor([1.0, 2.0, 3.0, 4.0])
output2 = torch.tensor([0.5, 1.5, 2.5, 3.5])
target = torch.tensor([0.8, 1.7, 2.9, 3.8])

by_hand = torch.mean(torch.pow(output1 - target, 2)) + torch.mean(torch.pow(output2 - target, 2))
print("MSE Loss (a mano):", by_hand.item())
criterion = nn.MSELoss()
print("MSE Loss:", (criterion(output1, target) + criterion(output2, target)).item())

criterion = nn.L1Loss()
print("L1 Loss:", (criterion(output1, target) + criterion(output2, target)).item())

diff1, diff2 = output1 - target, output2 - target
print(diff1)
print(diff2)
print("MBE Loss:", (torch.mean(diff1) + torch.mean(diff2)).item() / 2)
if hasattr(nn, "MeanBiasError"):  # minitorch_es's layers for the guide's formulas (PyTorch has none)
    mbe = nn.MeanBiasError()
    print("MBE Loss (nn.MeanBiasError):", ((mbe(output1, target) + mbe(output2, target)) / 2).item())

sum_of_absolute_errors = nn.L1Loss(reduction="sum")
print("FPP = sum|output1 - target| + sum|output2 - target|:",
      (sum_of_absolute_errors(output1, target) + sum_of_absolute_errors(output2, target)).item())

predictions = torch.tensor([0.85, 0.12, 0.08, 0.01, 0, 0, 0.23, 0, 0.4, 0.2])
targets = torch.tensor([1, 0, 0, 0, 0, 0, 0, 0, 0, 0])
loss = torch.mean(torch.max(torch.zeros_like(targets), 1 - targets * predictions))
print("SVM Loss:", loss.item())
if hasattr(nn, "HingeLoss"):
    print("SVM Loss (nn.HingeLoss):", nn.HingeLoss()(predictions, targets).item())
