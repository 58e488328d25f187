% Evaluator for bench/check_readings.ts: MATLAB code as GNU Octave runs it.
%   octave --no-gui --norc --quiet bench/readings_octave.m JOBS.json ANSWERS.json
% Each job {id, code, points, vector, matrix, assign}: binds the variables of each point and runs the
% code (its display goes to stdout: discard it); its value, `ans` or the variable named by `assign`,
% is the answer. With `vector`, every variable is the
% row vector of all the points' values (as linspace gives) and the code runs once: it must work
% element-wise. With `matrix`, the code is the engine's matrix notation (sum = sum of all entries,
% norm2 = Euclidean/Frobenius, norm1 = entry-wise, amax/amin = the largest/smallest entry, tr = trace, logdet,
% ones(n) = a column of ones).
% Answer {id, status: ok|syntax|error, message, values}; null where undefined (NaN, Inf, complex).
1;

function v = norm1(a)
  v = sum(abs(a(:)));
end
function v = norm2(a)
  v = sqrt(sum(a(:) .^ 2));
end
function v = tr(a)
  v = trace(a);
end
function v = sumall(a)
  v = sum(a(:));
end
function v = amax(a)
  v = max(a(:));
end
function v = amin(a)
  v = min(a(:));
end
function v = logdet(a)
  v = log(det(a));
end
function v = onesv(n)
  v = ones(n, 1);
end
% the Statistics Toolbox's normal distribution as MATLAB documents it (Octave's statistics package is not installed)
function p = normpdf(x, mu = 0, sigma = 1)
  p = exp(-((x - mu) ./ sigma) .^ 2 / 2) ./ (sigma * sqrt(2 * pi));
end
function p = normcdf(x, mu = 0, sigma = 1, tail = 'lower')
  p = erfc(-(x - mu) ./ (sigma * sqrt(2))) / 2;
  if strcmp(tail, 'upper')
    p = erfc((x - mu) ./ (sigma * sqrt(2))) / 2;
  end
end

function out = finite_or_null(v)
  if ~isnumeric(v) && ~islogical(v)
    out = [];
    return;
  end
  v = double(v);
  if ~isreal(v) && any(imag(v(:)) ~= 0)
    v = NaN(size(v));
  end
  out = real(v);
end

function rd_value = rd_run(rd_code, rd_point, rd_assign)
  rd_names = fieldnames(rd_point);
  for rd_k = 1:numel(rd_names)
    eval(sprintf('%s = rd_point.(rd_names{%d});', rd_names{rd_k}, rd_k));
  end
  if isempty(rd_assign)
    try
      % an expression (a lone variable sets no `ans`)
      rd_value = eval(rd_code);
    catch
      % statements: comments, continuations, a trailing semicolon
      clear ans;
      eval(rd_code);
      rd_value = ans;
    end
  else
    eval(rd_code);
    rd_value = eval(rd_assign);
  end
end

args = argv();
jobs = jsondecode(fileread(args{1}));
if isstruct(jobs)
  jobs = num2cell(jobs);
end
answers = cell(1, numel(jobs));
for j = 1:numel(jobs)
  job = jobs{j};
  code = job.code;
  if isfield(job, 'matrix') && job.matrix
    code = regexprep(code, '\<sum\(', 'sumall(');
    code = regexprep(code, '\<ones\(', 'onesv(');
  end
  assign = '';
  if isfield(job, 'assign') && ischar(job.assign)
    assign = job.assign;
  end
  points = job.points;
  if isstruct(points)
    points = num2cell(points);
  end
  vector = isfield(job, 'vector') && job.vector;
  if vector
    merged = struct();
    names = fieldnames(points{1});
    for k = 1:numel(names)
      merged.(names{k}) = cellfun(@(p) p.(names{k}), points);
      merged.(names{k}) = reshape(merged.(names{k}), 1, []);
    end
    runs = {merged};
  else
    runs = points;
  end
  status = 'ok';
  message = '';
  values = {};
  for r = 1:numel(runs)
    try
      v = rd_run(code, runs{r}, assign);
    catch err
      if ~isempty(strfind(err.message, 'parse error'))
        status = 'syntax';
      else
        status = 'error';
      end
      message = err.message;
      values = {};
      break;
    end
    v = finite_or_null(v);
    if vector
      if numel(v) == 1
        v = repmat(v, 1, numel(points));
      end
      if numel(v) ~= numel(points)
        status = 'error';
        message = sprintf('gives %d values for %d points (not element-wise)', numel(v), numel(points));
        values = {};
        break;
      end
      values = num2cell(v);
    elseif ~(isfield(job, 'matrix') && job.matrix) && numel(v) ~= 1
      status = 'error';
      message = sprintf('gives a %dx%d value, not a number', rows(v), columns(v));
      values = {};
      break;
    else
      values{end + 1} = v;
    end
  end
  answers{j} = struct('id', job.id, 'status', status, 'message', message);
  answers{j}.values = values;
end
fid = fopen(args{2}, 'w');
fputs(fid, jsonencode(answers));
fclose(fid);
