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


PARTS = {
    "linear": lambda lib, o: lib.optim.lr_scheduler.LinearLR(o, start_factor=0.1, total_iters=4),
    "cosine": lambda lib, o: lib.optim.lr_scheduler.CosineAnnealingLR(o, T_max=9, eta_min=0.001),
    "constant": lambda lib, o: lib.optim.lr_scheduler.ConstantLR(o, factor=0.5, total_iters=3),
    "exponential": lambda lib, o: lib.optim.lr_scheduler.ExponentialLR(o, gamma=0.9),
    "step": lambda lib, o: lib.optim.lr_scheduler.StepLR(o, step_size=4, gamma=0.5),
    "multistep": lambda lib, o: lib.optim.lr_scheduler.MultiStepLR(o, milestones=[2, 5, 5], gamma=0.5),
    "polynomial": lambda lib, o: lib.optim.lr_scheduler.PolynomialLR(o, total_iters=6, power=2.0),
    "lambda": lambda lib, o: lib.optim.lr_scheduler.LambdaLR(o, lambda e: 1 / (1 + e)),
    "multiplicative": lambda lib, o: lib.optim.lr_scheduler.MultiplicativeLR(o, lambda e: 0.95),
}


def _composite(lib, optimizer, kind, names, milestones):
    parts = [PARTS[name](lib, optimizer) for name in names]
    if kind == "sequential":
        return lib.optim.lr_scheduler.SequentialLR(optimizer, parts, milestones=milestones)
    return lib.optim.lr_scheduler.ChainedScheduler(parts)


@given(kind=st.sampled_from(["sequential", "chained"]),
       names=st.lists(st.sampled_from(sorted(PARTS)), min_size=1, max_size=3),
       gaps=st.lists(st.integers(1, 12), min_size=2, max_size=2))
def test_sequential_lr_and_chained_scheduler(kind, names, gaps):
    milestones = [sum(gaps[:k + 1]) for k in range(len(names) - 1)]
    ours, theirs = _optimizers(0.1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PyTorch's own warnings about steps and epochs, the same on both sides
        our_rates = _schedule(lambda o: _composite(mt, o, kind, names, milestones), ours)
        torch_rates = _schedule(lambda o: _composite(torch, o, kind, names, milestones), theirs)
    assert our_rates == torch_rates


def test_composite_state_round_trip_and_errors():
    ours, _ = _optimizers(0.1)
    scheduler = _composite(mt, ours, "sequential", ["linear", "cosine"], [4])
    for _ in range(6):
        ours.step()
        scheduler.step()
    state = scheduler.state_dict()
    assert len(state["_schedulers"]) == 2 and state["last_epoch"] == 6
    fresh, _ = _optimizers(0.1)
    copy = _composite(mt, fresh, "sequential", ["linear", "cosine"], [4])
    copy.load_state_dict(state)
    assert copy.last_epoch == 6 and copy._schedulers[1].last_epoch == scheduler._schedulers[1].last_epoch
    schedulers = optim.lr_scheduler
    with pytest.raises(ValueError, match="number of schedulers 1 and the number of milestones to be equal to 1"):
        schedulers.SequentialLR(ours, [schedulers.StepLR(ours, 2)], milestones=[3])
    with pytest.raises(ValueError, match="does not support `ReduceLROnPlateau`"):
        schedulers.ChainedScheduler([schedulers.ReduceLROnPlateau(ours)])
    other, _ = _optimizers(0.1)
    with pytest.raises(ValueError, match="expects all schedulers to belong to the same optimizer"):
        schedulers.SequentialLR(ours, [schedulers.StepLR(ours, 2), schedulers.StepLR(other, 2)], milestones=[3])
    with pytest.raises(ValueError, match="expects at least one scheduler to be chained"):
        schedulers.ChainedScheduler([], ours)


def test_deprecated_epoch_argument_jumps_with_the_closed_form():
    for lib in (mt, torch):
        optimizer = _optimizers(0.1, groups=1)[0 if lib is mt else 1]
        scheduler = lib.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
        optimizer.step()
        with pytest.warns(UserWarning, match="The epoch parameter in `scheduler.step\\(\\)` was not necessary"):
            scheduler.step(5)
        assert scheduler.get_last_lr() == pytest.approx([0.1 * 0.5 ** 2]) and scheduler.last_epoch == 5
