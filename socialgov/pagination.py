"""Pages of every API list: `limit` (1 to MAX_LIMIT, default settings PAGE_SIZE) and `offset` (0 up to
MAX_OFFSET). A value that is not a plain whole number in range is a 400 naming the parameter, never
quietly replaced and never passed to the database, where a number past 64 bits is a 500 (issue 17.3)."""

from rest_framework.pagination import LimitOffsetPagination

from .query import whole_number

MAX_LIMIT = 1000
MAX_OFFSET = 2**31 - 1  # far beyond any department's records, far within PostgreSQL's bigint OFFSET


class Pagination(LimitOffsetPagination):
    max_limit = MAX_LIMIT

    def get_limit(self, request):
        return whole_number(
            request.query_params, self.limit_query_param, low=1, high=self.max_limit, default=self.default_limit
        )

    def get_offset(self, request):
        return whole_number(request.query_params, self.offset_query_param, low=0, high=MAX_OFFSET, default=0)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {self.limit_query_param: (1, self.max_limit), self.offset_query_param: (0, MAX_OFFSET)}
        for parameter in parameters:
            low, high = bounds[parameter["name"]]
            parameter["schema"].update(minimum=low, maximum=high)
        return parameters
