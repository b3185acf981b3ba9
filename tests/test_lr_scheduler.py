"""Schedulers against PyTorch: the learning rate after each of 100 epochs, for every scheduler and option."""

import warnings

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

import minitorch_es as mt
from minitorch_es import optim

EPOCHS = 100


def _optimizers(lr, groups=2):
    ours = optim.SGD([{"params": [mt.zeros(1, requires_grad=True)], "lr": lr * (k + 1)} for k in range(groups)],
                     lr=lr, momentum=0.9)
    theirs = torch.optim.SGD([{"params": [torch.zeros(1, requires_grad=True)], "lr": lr * (k + 1)}
                              for k in range(groups)], lr=lr, momentum=0.9)
    return ours, theirs


def _schedule(make_scheduler, optimizer, metrics=None):
    scheduler = make_scheduler(optimizer)
    rates = []
    for epoch in range(EPOCHS):
        optimizer.step()
        if metrics is None:
            scheduler.step()
        else:
            scheduler.step(metrics[epoch])
        rates.append([group["lr"] for group in optimizer.param_groups])
        assert scheduler.get_last_lr() == rates[-1]
    return rates


def assert_same_schedule(name, options, lr=0.1, metrics=None):
    ours, theirs = _optimizers(lr)
    our_rates = _schedule(lambda o: getattr(optim.lr_scheduler, name)(o, **options), ours, metrics)
    torch_rates = _schedule(lambda o: getattr(torch.optim.lr_scheduler, name)(o, **options), theirs, metrics)
    assert our_rates == torch_rates


@given(step_size=st.integers(1, 30), gamma=st.sampled_from([0.1, 0.5, 0.9]), lr=st.sampled_from([0.1, 0.001]))
def test_step_lr(step_size, gamma, lr):
    assert_same_schedule("StepLR", {"step_size": step_size, "gamma": gamma}, lr)


@given(milestones=st.lists(st.integers(1, 99), max_size=5), gamma=st.sampled_from([0.1, 0.5]))
def test_multi_step_lr(milestones, gamma):
    assert_same_schedule("MultiStepLR", {"milestones": milestones, "gamma": gamma})


@given(gamma=st.sampled_from([0.5, 0.9, 0.99]))
def test_exponential_lr(gamma):
    assert_same_schedule("ExponentialLR", {"gamma": gamma})


@given(t_max=st.integers(1, 60), eta_min=st.sampled_from([0.0, 1e-4, 0.01]), lr=st.sampled_from([0.1, 0.05]))
def test_cosine_annealing_lr(t_max, eta_min, lr):
    assert_same_schedule("CosineAnnealingLR", {"T_max": t_max, "eta_min": eta_min}, lr)


@pytest.mark.parametrize("lr_lambda", [lambda epoch: 0.95**epoch, lambda epoch: 1 / (1 + epoch)])
def test_lambda_lr(lr_lambda):
    assert_same_schedule("LambdaLR", {"lr_lambda": lr_lambda})
    assert_same_schedule("LambdaLR", {"lr_lambda": [lr_lambda, lambda epoch: 1.0]})


@given(metrics=st.lists(st.floats(0, 10, allow_nan=False), min_size=EPOCHS, max_size=EPOCHS),
       options=st.fixed_dictionaries({
           "mode": st.sampled_from(["min", "max"]), "factor": st.sampled_from([0.1, 0.5]),
           "patience": st.integers(0, 5), "threshold": st.sampled_from([1e-4, 0.1]),
           "threshold_mode": st.sampled_from(["rel", "abs"]), "cooldown": st.integers(0, 3),
           "min_lr": st.sampled_from([0, 1e-3, [1e-3, 1e-2]]), "eps": st.sampled_from([1e-8, 1e-3]),
       }))
def test_reduce_lr_on_plateau(metrics, options):
    assert_same_schedule("ReduceLROnPlateau", options, metrics=metrics)


def test_reduce_lr_on_plateau_on_a_plateau():
    metrics = [1.0, 0.9, 0.8] + [0.8] * 40 + [0.5] * 57
    assert_same_schedule("ReduceLROnPlateau", {"patience": 3, "cooldown": 2}, metrics=metrics)


def test_guide_000_step_lr_table_prints_the_guide_lines():
    model = mt.nn.Linear(10, 2)
    optimizer = optim.SGD(model.parameters(), lr=0.001, momentum=0.9)
    scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=7, gamma=0.1)
    lines = []
    for epoch in range(15):
        optimizer.step()
        scheduler.step()
        lines.append(f"Epoch {epoch + 1}: LR = {optimizer.param_groups[0]['lr']}")
    assert lines == [f"Epoch {e}: LR = 0.001" for e in range(1, 7)] + \
        [f"Epoch {e}: LR = 0.0001" for e in range(7, 14)] + ["Epoch 14: LR = 1e-05", "Epoch 15: LR = 1e-05"]


def test_scheduler_before_optimizer_warns_like_pytorch():
    ours, theirs = _optimizers(0.1)
    scheduler = optim.lr_scheduler.StepLR(ours, step_size=2)
    with pytest.warns(UserWarning, match=r"Detected call of `lr_scheduler.step\(\)` before `optimizer.step\(\)`"):
        scheduler.step()
    ours, _ = _optimizers(0.1)
    scheduler = optim.lr_scheduler.StepLR(ours, step_size=2)
    ours.step()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scheduler.step()


def test_scheduler_state_dict_round_trip():
    ours, _ = _optimizers(0.1)
    scheduler = optim.lr_scheduler.CosineAnnealingLR(ours, T_max=10)
    for _ in range(4):
        ours.step()
        scheduler.step()
    saved = scheduler.state_dict()
    assert saved["last_epoch"] == 4 and "optimizer" not in saved
    fresh_optimizer, _ = _optimizers(0.1)
    fresh_optimizer.load_state_dict(ours.state_dict())
    restored = optim.lr_scheduler.CosineAnnealingLR(fresh_optimizer, T_max=10, last_epoch=3)
    restored.load_state_dict(saved)
    for _ in range(5):
        ours.step()
        scheduler.step()
        fresh_optimizer.step()
        restored.step()
    assert restored.get_last_lr() == scheduler.get_last_lr()


def test_bad_scheduler_arguments():
    ours, _ = _optimizers(0.1)
    with pytest.raises(ValueError, match="Factor should be < 1.0"):
        optim.lr_scheduler.ReduceLROnPlateau(ours, factor=1.5)
    with pytest.raises(TypeError, match="is not an Optimizer"):
        optim.lr_scheduler.StepLR(object(), step_size=1)
    with pytest.raises(ValueError, match="expected 2 min_lrs, got 3"):
        optim.lr_scheduler.ReduceLROnPlateau(ours, min_lr=[0, 0, 0])


@given(factor=st.sampled_from([0.5, 0.9, 1.0, 0.99]))
def test_multiplicative_lr(factor):
    assert_same_schedule("MultiplicativeLR", {"lr_lambda": lambda epoch: factor ** (epoch % 3)})


@given(factor=st.sampled_from([0.1, 1 / 3, 0.5, 1.0]), total_iters=st.integers(0, 20))
def test_constant_lr(factor, total_iters):
    assert_same_schedule("ConstantLR", {"factor": factor, "total_iters": total_iters})


@given(start=st.sampled_from([0.01, 1 / 3, 0.5, 1.0]), end=st.sampled_from([0.0, 0.5, 1.0]),
       total_iters=st.integers(1, 30))
def test_linear_lr(start, end, total_iters):
    assert_same_schedule("LinearLR", {"start_factor": start, "end_factor": end, "total_iters": total_iters})


@given(total_iters=st.integers(1, 40), power=st.sampled_from([0.5, 1.0, 2.0]))
def test_polynomial_lr(total_iters, power):
    assert_same_schedule("PolynomialLR", {"total_iters": total_iters, "power": power})


@given(t_0=st.integers(1, 20), t_mult=st.integers(1, 3), eta_min=st.sampled_from([0.0, 1e-3]))
def test_cosine_annealing_warm_restarts(t_0, t_mult, eta_min):
    assert_same_schedule("CosineAnnealingWarmRestarts", {"T_0": t_0, "T_mult": t_mult, "eta_min": eta_min})


@given(t_0=st.integers(1, 10), t_mult=st.integers(1, 3), iterations=st.integers(1, 5))
def test_cosine_annealing_warm_restarts_within_epochs(t_0, t_mult, iterations):
    """The documented use: ``scheduler.step(epoch + i / iters)`` after every batch."""
    rates = []
    for lib in (mt, torch):
        optimizer = lib.optim.SGD([lib.zeros(1, requires_grad=True)], lr=0.1)
        scheduler = lib.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0=t_0, T_mult=t_mult)
        trace = []
        for epoch in range(12):
            for i in range(iterations):
                optimizer.step()
                scheduler.step(epoch + i / iterations)
                trace.append(optimizer.param_groups[0]["lr"])
        rates.append(trace)
    assert rates[0] == rates[1]


@pytest.mark.parametrize("name,options,message", [
    ("ConstantLR", {"factor": 1.5}, "Constant multiplicative factor expected to be between 0 and 1."),
    ("LinearLR", {"start_factor": 0.0}, "Starting multiplicative factor expected to be greater than 0"),
    ("LinearLR", {"end_factor": 1.5}, "Ending multiplicative factor expected to be between 0 and 1."),
    ("CosineAnnealingWarmRestarts", {"T_0": 0}, "Expected positive integer T_0, but got 0"),
    ("CosineAnnealingWarmRestarts", {"T_0": 2, "T_mult": 0}, "Expected integer T_mult >= 1, but got 0"),
])
def test_more_scheduler_errors_match_pytorch(name, options, message):
    ours, theirs = _optimizers(0.1)
    with pytest.raises(ValueError, match=message):
        getattr(optim.lr_scheduler, name)(ours, **options)
    with pytest.raises(ValueError, match=message):
        getattr(torch.optim.lr_scheduler, name)(theirs, **options)


@given(total=st.integers(8, 60), pct=st.sampled_from([0.25, 0.3, 0.5]), strategy=st.sampled_from(["cos", "linear"]),
       three_phase=st.booleans(), cycle=st.booleans(), adam=st.booleans())
def test_one_cycle_lr_rates_and_momenta(total, pct, strategy, three_phase, cycle, adam):
    traces = []
    for lib in (mt, torch):
        parameters = [lib.zeros(1, requires_grad=True)]
        optimizer = lib.optim.Adam(parameters, lr=1e-3) if adam else lib.optim.SGD(parameters, lr=0.1, momentum=0.9)
        scheduler = lib.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=[0.5], total_steps=total, pct_start=pct,
                                                      anneal_strategy=strategy, three_phase=three_phase,
                                                      cycle_momentum=cycle, div_factor=10.0)
        trace = []
        for _ in range(total - 1):
            optimizer.step()
            scheduler.step()
            group = optimizer.param_groups[0]
            trace.append((group["lr"], group["betas"][0] if adam else group["momentum"]))
        with pytest.raises(ValueError, match=f"Tried to step {total + 1} times"):
            scheduler.step()
            scheduler.step()
        traces.append(trace)
    assert traces[0] == traces[1]


def test_one_cycle_lr_from_epochs_and_its_errors():
    for lib in (mt, torch):
        optimizer = lib.optim.SGD([lib.zeros(1, requires_grad=True)], lr=0.1, momentum=0.9)
        scheduler = lib.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1.0, epochs=3, steps_per_epoch=4)
        assert scheduler.total_steps == 12 and optimizer.param_groups[0]["lr"] == pytest.approx(1.0 / 25)
        with pytest.raises(ValueError, match=r"You must define either total_steps OR \(epochs AND steps_per_epoch\)"):
            lib.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1.0)
        with pytest.raises(ValueError, match="max_lr must have the same length as optimizer.param_groups"):
            lib.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=[1.0, 2.0], total_steps=5)
