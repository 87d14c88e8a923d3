-- Source: https://github.com/datacharmer/test_db, file employees.sql
-- at commit 3c7fa05e04b4c339d91a43b7029a210212d48e6c
-- License: CC BY-SA 3.0
-- Changed here: the model file `migrate inspect` printed for tests/realschema/mariadb/employees.sql
-- loaded natively; index dept_no of dept_manager renamed dept_manager_dept_no (a model's index names are schema-wide) (for the diagram geometry test, tests/integration/cli_diagram.c)
CREATE TABLE `departments` (
    `dept_no` CHAR(4) NOT NULL,
    `dept_name` VARCHAR(40) NOT NULL,
    PRIMARY KEY (`dept_no`),
    CONSTRAINT `dept_name` UNIQUE (`dept_name`)
) ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
CREATE TABLE `employees` (
    `emp_no` INT NOT NULL,
    `birth_date` DATE NOT NULL,
    `first_name` VARCHAR(14) NOT NULL,
    `last_name` VARCHAR(16) NOT NULL,
    `gender` enum('M','F') NOT NULL,
    `hire_date` DATE NOT NULL,
    PRIMARY KEY (`emp_no`)
) ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
CREATE TABLE `dept_emp` (
    `emp_no` INT NOT NULL,
    `dept_no` CHAR(4) NOT NULL,
    `from_date` DATE NOT NULL,
    `to_date` DATE NOT NULL,
    PRIMARY KEY (`emp_no`, `dept_no`),
    CONSTRAINT `dept_emp_ibfk_1` FOREIGN KEY (`emp_no`) REFERENCES `employees` (`emp_no`) ON DELETE CASCADE,
    CONSTRAINT `dept_emp_ibfk_2` FOREIGN KEY (`dept_no`) REFERENCES `departments` (`dept_no`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
CREATE INDEX `dept_no` ON `dept_emp` (`dept_no`);
CREATE TABLE `dept_manager` (
    `emp_no` INT NOT NULL,
    `dept_no` CHAR(4) NOT NULL,
    `from_date` DATE NOT NULL,
    `to_date` DATE NOT NULL,
    PRIMARY KEY (`emp_no`, `dept_no`),
    CONSTRAINT `dept_manager_ibfk_1` FOREIGN KEY (`emp_no`) REFERENCES `employees` (`emp_no`) ON DELETE CASCADE,
    CONSTRAINT `dept_manager_ibfk_2` FOREIGN KEY (`dept_no`) REFERENCES `departments` (`dept_no`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
CREATE INDEX `dept_manager_dept_no` ON `dept_manager` (`dept_no`);
CREATE TABLE `salaries` (
    `emp_no` INT NOT NULL,
    `salary` INT NOT NULL,
    `from_date` DATE NOT NULL,
    `to_date` DATE NOT NULL,
    PRIMARY KEY (`emp_no`, `from_date`),
    CONSTRAINT `salaries_ibfk_1` FOREIGN KEY (`emp_no`) REFERENCES `employees` (`emp_no`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
CREATE TABLE `titles` (
    `emp_no` INT NOT NULL,
    `title` VARCHAR(50) NOT NULL,
    `from_date` DATE NOT NULL,
    `to_date` DATE,
    PRIMARY KEY (`emp_no`, `title`, `from_date`),
    CONSTRAINT `titles_ibfk_1` FOREIGN KEY (`emp_no`) REFERENCES `employees` (`emp_no`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
