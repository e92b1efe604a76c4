from lms.core.privacy import TOTAL, Cell, protect, suppress, total_cell


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


def test_hidden_cells_that_add_up_to_fewer_than_five_take_one_more():
    # 1 and 2 hidden are three people together: the total minus 10 would tell.
    assert values(suppress([1, 2, 10, 12])) == [None, None, None, 12]


# -- protect: one decision for every view of a hierarchy ----------------------------------

PARENTS = {"m": None, "a1": "m", "a2": "m", "u1": "a1", "u2": "a1", "u3": "a2", "u4": "a2"}


def test_a_small_unit_hides_a_sibling_and_nothing_above():
    hidden = protect({("u1", TOTAL): 3, ("u2", TOTAL): 9, ("u3", TOTAL): 6}, PARENTS)
    assert hidden == {("u1", TOTAL), ("u2", TOTAL)}


def test_a_hidden_administration_hides_its_units_and_a_sibling():
    leaves = {("u1", TOTAL): 2, ("u2", TOTAL): 1, ("u3", TOTAL): 6, ("u4", TOTAL): 7}
    hidden = protect(leaves, PARENTS)
    # a1 (3) is hidden; a2 goes with it, so m minus a2 gives nothing; so do a2's units,
    # or they would add up to it.
    assert {("a1", TOTAL), ("a2", TOTAL), ("u1", TOTAL), ("u2", TOTAL)} <= hidden
    assert {("u3", TOTAL), ("u4", TOTAL)} <= hidden
    assert ("m", TOTAL) not in hidden


def test_a_category_hidden_above_is_hidden_below_and_the_rows_stay_safe():
    # Women and men in two units of one administration: the administration has two men,
    # so its men are hidden, and so each unit's; each unit then hides its women too, or
    # the unit's total minus its women would give its men.
    leaves = {
        ("u1", TOTAL): 8,
        ("u1", "g:woman"): 7,
        ("u1", "g:man"): 1,
        ("u2", TOTAL): 9,
        ("u2", "g:woman"): 8,
        ("u2", "g:man"): 1,
    }
    hidden = protect(leaves, PARENTS, groups=[(TOTAL, ["g:woman", "g:man"])])
    for node in ("u1", "u2", "a1", "m"):
        assert (node, "g:man") in hidden and (node, "g:woman") in hidden
        assert (node, TOTAL) not in hidden


def test_cells_hidden_for_another_reason_count_as_hidden():
    leaves = {("u1", TOTAL): 6, ("u2", TOTAL): 9, ("u3", TOTAL): 7}
    hidden = protect(leaves, PARENTS, hidden=[("u1", TOTAL)])
    assert hidden == {("u1", TOTAL), ("u2", TOTAL)}
