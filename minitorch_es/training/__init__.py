"""Training on Fashion-MNIST: the guide's loops, checkpoints, plots, models and the command line."""

from .backend import Backend, backend_named
from .checkpoint import load_checkpoint, save_checkpoint
from .loops import History, evaluate, fit, train_one_epoch, validate
from .mixing import cutmix_data, mixup_criterion, mixup_data
from .models import fashion_cnn, feedforward

__all__ = ["train_one_epoch", "validate", "fit", "evaluate", "History", "save_checkpoint", "load_checkpoint",
           "feedforward", "fashion_cnn", "mixup_data", "mixup_criterion", "cutmix_data", "Backend", "backend_named"]
