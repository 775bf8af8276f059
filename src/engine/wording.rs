//! Every English sentence a person reads in an answer comes from here.


use crate::knowledge::Side;


pub(super) fn lean(side: Side) -> &'static str {
    match side {
        Side::TensorFlow => "leans towards TensorFlow",
        Side::PyTorch => "leans towards PyTorch",
        Side::Tie => "calls them even",
        Side::Neither => "points to another tool altogether",
    }
}

