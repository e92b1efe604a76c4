from lms.core.privacy import Cell, suppress, total_cell


def values(cells):
    return [None if c.hidden else c.value for c in cells]


def test_counts_below_five_are_hidden_and_zero_is_shown():
    assert values(suppress([0, 3, 12, 7, 4])) == [0, None, 12, 7, None]


def test_a_lone_hidden_cell_hides_the_next_smallest_so_totals_do_not_reveal_it():
    assert values(suppress([3, 12, 7])) == [None, 12, None]


def test_without_a_total_one_hidden_cell_is_enough():
    assert values(suppress([3, 12, 7], with_total=False)) == [None, 12, 7]


def test_a_small_total_is_hidden_too():
    assert total_cell([1, 2]).hidden
    assert not total_cell([3, 2]).hidden
    assert str(total_cell([0, 0])) == "0"


def test_hidden_cells_say_fewer_than_five():
    assert str(Cell(3, hidden=True)) == "färre än 5"
    assert str(Cell(8)) == "8"
